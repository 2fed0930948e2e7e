// The server of seelock_embedded with one lock forgotten: Unregister
// deletes from the promoted map without the promoted lock, racing with
// Register and Resolve.
//
// want shared "corpus/src/seelock_embedded_racy.routeTable.routes"
// want suggestion "corpus/src/seelock_embedded_racy.routeTable.routes" "hold s (Lock) at src/seelock_embedded_racy/main.go:40:9, as 2 other accesses do"
// verified: go run -race reports DATA RACE
package main

import (
	"fmt"
	"sync"
)

// routeTable maps paths to backends.
type routeTable struct {
	sync.RWMutex
	routes map[string]string
}

// setLocked points path at backend; the write lock must be held.
func (rt *routeTable) setLocked(path, backend string) {
	rt.routes[path] = backend
}

type server struct {
	*routeTable
	name string
}

// Register adds a route.
func (s *server) Register(path, backend string) {
	s.Lock()
	defer s.Unlock()
	s.setLocked(path, backend)
}

// Unregister removes a route.
func (s *server) Unregister(path string) {
	delete(s.routes, path) // forgot s.Lock()
}

// Resolve finds the backend of a path.
func (s *server) Resolve(path string) (string, bool) {
	s.RLock()
	defer s.RUnlock()
	b, ok := s.routes[path]
	return b, ok
}

func main() {
	s := &server{routeTable: &routeTable{routes: map[string]string{}}, name: "edge"}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			for j := range 5000 {
				p := fmt.Sprintf("/svc/%d", (i+j)%10)
				s.Register(p, s.name)
				if j%2 == 0 {
					s.Unregister(p)
				}
				_, _ = s.Resolve(p)
			}
		})
	}
	wg.Wait()
	_, ok := s.Resolve("/svc/1")
	fmt.Println(ok || !ok)
}
