package main

import (
	"io"
	"testing"
)

type nopCodec struct{}

func (nopCodec) Name() string { return "identity" }
func (nopCodec) Compress(w io.Writer, p []byte) error {
	_, err := w.Write(p)
	return err
}

func TestRegisterThenGet(t *testing.T) {
	Register(nopCodec{})
	if c := Get("identity"); c == nil {
		t.Fatal("identity codec not found after Register")
	}
	if c := Get("gzip"); c == nil {
		t.Fatal("gzip codec not registered by init")
	}
}
