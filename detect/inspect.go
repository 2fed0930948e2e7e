package detect

import "go/ast"

// inspect walks root in the order of ast.Inspect, calling visit with each
// node and the nodes that enclose it, outermost first. The stack is reused
// between calls: copy it to keep it. When visit returns false, the node's
// children are skipped.
func inspect(root ast.Node, visit func(n ast.Node, stack []ast.Node) bool) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if !visit(n, stack) {
			return false
		}
		stack = append(stack, n)
		return true
	})
}
