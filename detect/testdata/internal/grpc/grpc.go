// Package grpc is a stand-in for google.golang.org/grpc, which the corpus
// cannot download: just enough of its server API for the registration
// code protoc-gen-go-grpc generates, and a server that, like the real one,
// runs every request on a goroutine of its own.
//
// The detector recognises gRPC registrations by shape (a Register*Server
// function whose first parameter is a ServiceRegistrar or *Server of a
// package whose path ends in "grpc"), so this package works the way the
// real one does for it.
package grpc

import (
	"errors"
	"strings"
	"sync"
)

// MethodDesc describes one unary method of a service.
type MethodDesc struct {
	MethodName string
	// Handler decodes nothing here: it takes the request as it is.
	Handler func(srv any, req any) (any, error)
}

// ServiceDesc describes a service, as generated code declares it.
type ServiceDesc struct {
	ServiceName string
	HandlerType any
	Methods     []MethodDesc
}

// ServiceRegistrar is what generated Register functions register with.
type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

type service struct {
	desc *ServiceDesc
	impl any
}

// Server serves registered services.
type Server struct {
	mu       sync.Mutex
	services []service
}

// NewServer returns a server with no services.
func NewServer() *Server { return &Server{} }

// RegisterService implements ServiceRegistrar.
func (s *Server) RegisterService(desc *ServiceDesc, impl any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services = append(s.services, service{desc, impl})
}

// Invoke calls "/Service/Method" with req on a new goroutine, as the real
// server does for each incoming request, and waits for its reply.
func (s *Server) Invoke(fullMethod string, req any) (any, error) {
	svc, method, ok := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
	if !ok {
		return nil, errors.New("grpc: malformed method name " + fullMethod)
	}
	s.mu.Lock()
	var h func(any, any) (any, error)
	var impl any
	for _, x := range s.services {
		if x.desc.ServiceName != svc {
			continue
		}
		for _, m := range x.desc.Methods {
			if m.MethodName == method {
				h, impl = m.Handler, x.impl
			}
		}
	}
	s.mu.Unlock()
	if h == nil {
		return nil, errors.New("grpc: unknown method " + fullMethod)
	}
	type result struct {
		reply any
		err   error
	}
	done := make(chan result)
	go func() {
		reply, err := h(impl, req)
		done <- result{reply, err}
	}()
	r := <-done
	return r.reply, r.err
}
