// A gRPC server runs every request on its own goroutine: the methods of a
// service registered with a Register*Server function race on the maps
// they write without a lock. Greeter is registered as a concrete value
// through a grpc.ServiceRegistrar; KV, in the older style, through a
// *grpc.Server and an interface-typed variable, so every implementation
// of the interface is a root.
//
// want shared "corpus/src/grpcserver.greeter.seen"
// want shared "corpus/src/grpcserver.memKV.data"
// verified: go run -race reports DATA RACE (on greeter.seen and on memKV.data)
package main

import (
	"fmt"
	"sync"

	"corpus/internal/greeterpb"
	"corpus/internal/grpc"
	"corpus/internal/kvpb"
)

type greeter struct {
	greeterpb.UnimplementedGreeterServer
	seen map[string]int
}

func (g *greeter) SayHello(r *greeterpb.HelloRequest) (*greeterpb.HelloReply, error) {
	g.seen[r.Name]++
	return &greeterpb.HelloReply{Message: "hello " + r.Name}, nil
}

func (g *greeter) Count(*greeterpb.CountRequest) (*greeterpb.CountReply, error) {
	return &greeterpb.CountReply{Seen: len(g.seen)}, nil
}

type memKV struct {
	data map[string]string
}

func (m *memKV) Put(r *kvpb.PutRequest) (*kvpb.PutReply, error) {
	m.data[r.Key] = r.Value
	return &kvpb.PutReply{}, nil
}

func main() {
	s := grpc.NewServer()
	greeterpb.RegisterGreeterServer(s, &greeter{seen: map[string]int{}})
	var kv kvpb.KVServer = &memKV{data: map[string]string{}}
	kvpb.RegisterKVServer(s, kv)

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				name := fmt.Sprint("client", i%3)
				if _, err := s.Invoke("/greeter.Greeter/SayHello", &greeterpb.HelloRequest{Name: name}); err != nil {
					panic(err)
				}
				if _, err := s.Invoke("/greeter.Greeter/Count", &greeterpb.CountRequest{}); err != nil {
					panic(err)
				}
				if _, err := s.Invoke("/kv.KV/Put", &kvpb.PutRequest{Key: fmt.Sprint(j), Value: name}); err != nil {
					panic(err)
				}
			}
		})
	}
	wg.Wait()
}
