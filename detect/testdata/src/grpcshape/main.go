// A Register*Server function that is not a gRPC registration: its first
// parameter is a registry of this package, not a grpc.ServiceRegistrar or
// *grpc.Server, and the registry calls the service synchronously. The
// service's map is only used from main's goroutine.
//
// want none
// verified: go run -race reports no race
package main

import "fmt"

// CacheServer is a service interface.
type CacheServer interface {
	Put(k string, v int)
	Get(k string) int
}

// Registry calls registered services in the caller's goroutine.
type Registry struct {
	services []CacheServer
}

// RegisterCacheServer has the name of a generated gRPC registration.
func RegisterCacheServer(r *Registry, srv CacheServer) {
	r.services = append(r.services, srv)
}

type cache struct {
	m map[string]int
}

func (c *cache) Put(k string, v int) { c.m[k] = v }
func (c *cache) Get(k string) int    { return c.m[k] }

func main() {
	r := &Registry{}
	RegisterCacheServer(r, &cache{m: map[string]int{}})
	for i := range 10 {
		for _, s := range r.services {
			s.Put(fmt.Sprint(i), i)
			fmt.Println(s.Get(fmt.Sprint(i)))
		}
	}
}
