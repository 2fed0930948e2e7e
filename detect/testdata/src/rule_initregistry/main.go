// A compression codec registry filled at initialisation: Register is
// called from init functions (and from a test, which registers a fake
// codec before it looks it up), never once main has started, so the
// request goroutines that call Get only read a map nobody writes any
// more.
//
// want none
// verified: go run -race and go test -race report no race (10 runs each)
package main

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"sync"
)

// Codec compresses request bodies.
type Codec interface {
	Name() string
	Compress(w io.Writer, p []byte) error
}

var codecs = map[string]Codec{}

// Register adds c under its name; it is meant to be called from init.
func Register(c Codec) {
	codecs[c.Name()] = c
}

// Get returns the codec registered under name, or nil.
func Get(name string) Codec {
	return codecs[name]
}

type gzipCodec struct{}

func (gzipCodec) Name() string { return "gzip" }
func (gzipCodec) Compress(w io.Writer, p []byte) error {
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(p); err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	return zw.Close()
}

type zlibCodec struct{}

func (zlibCodec) Name() string { return "deflate" }
func (zlibCodec) Compress(w io.Writer, p []byte) error {
	zw := zlib.NewWriter(w)
	if _, err := zw.Write(p); err != nil {
		return fmt.Errorf("zlib: %w", err)
	}
	return zw.Close()
}

func init() {
	Register(gzipCodec{})
	Register(zlibCodec{})
}

func main() {
	accepted := []string{"br", "gzip", "deflate"}
	body := bytes.Repeat([]byte("hello "), 64)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 5000 {
				// negotiate: the first accepted encoding we have
				var c Codec
				for k := range accepted {
					if c = Get(accepted[(i+j+k)%len(accepted)]); c != nil {
						break
					}
				}
				if c != nil && j%100 == 0 { // only large bodies are compressed
					_ = c.Compress(io.Discard, body)
				}
			}
		})
	}
	wg.Wait()
	fmt.Println(len(codecs))
}
