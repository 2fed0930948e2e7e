// The same gRPC service as grpcserver, with every access of the map under
// the service's mutex: requests run concurrently, but the map is guarded.
//
// want none
// verified: go run -race reports no race
package main

import (
	"fmt"
	"sync"

	"corpus/internal/greeterpb"
	"corpus/internal/grpc"
)

type greeter struct {
	greeterpb.UnimplementedGreeterServer
	mu   sync.Mutex
	seen map[string]int
}

func (g *greeter) SayHello(r *greeterpb.HelloRequest) (*greeterpb.HelloReply, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seen[r.Name]++
	return &greeterpb.HelloReply{Message: "hello " + r.Name}, nil
}

func (g *greeter) Count(*greeterpb.CountRequest) (*greeterpb.CountReply, error) {
	g.mu.Lock()
	n := len(g.seen)
	g.mu.Unlock()
	return &greeterpb.CountReply{Seen: n}, nil
}

func main() {
	g := &greeter{seen: map[string]int{}}
	s := grpc.NewServer()
	greeterpb.RegisterGreeterServer(s, g)

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 50 {
				name := fmt.Sprint("client", i%3)
				if _, err := s.Invoke("/greeter.Greeter/SayHello", &greeterpb.HelloRequest{Name: name}); err != nil {
					panic(err)
				}
				if _, err := s.Invoke("/greeter.Greeter/Count", &greeterpb.CountRequest{}); err != nil {
					panic(err)
				}
			}
		})
	}
	wg.Wait()
	g.mu.Lock()
	fmt.Println(len(g.seen), "clients")
	g.mu.Unlock()
}
