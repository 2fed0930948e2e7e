package pipeline

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/packages"
)

// requiredAPI lists what the rewritten code calls on the shardedmap
// package: its constructors and the methods of *Map.
var (
	requiredFuncs   = []string{"New", "NewWithCapacity", "Of"}
	requiredMethods = []string{"Load", "Get", "Store", "LoadOrStore", "Delete", "Update", "Compute", "Len", "Clear", "All", "Keys", "Values", "Clone"}
)

// checkPkg fails unless the -pkg package loads and has the API that
// rewritten code uses.
func checkPkg(cfg Config) error {
	pcfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: cfg.Load.Dir, Env: cfg.Load.Env}
	pkgs, err := packages.Load(pcfg, cfg.PkgPath)
	if err != nil {
		return fmt.Errorf("-pkg %s: %w", cfg.PkgPath, err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 || pkgs[0].Types == nil {
		msg := "not found"
		if len(pkgs) == 1 && len(pkgs[0].Errors) > 0 {
			msg = pkgs[0].Errors[0].Msg
		}
		return fmt.Errorf("-pkg %s: cannot load it: %s", cfg.PkgPath, msg)
	}
	scope := pkgs[0].Types.Scope()
	var missing []string
	for _, name := range requiredFuncs {
		if _, ok := scope.Lookup(name).(*types.Func); !ok {
			missing = append(missing, name)
		}
	}
	tn, _ := scope.Lookup("Map").(*types.TypeName)
	if tn == nil {
		missing = append(missing, "Map")
	} else {
		ms := types.NewMethodSet(types.NewPointer(tn.Type()))
		for _, name := range requiredMethods {
			if ms.Lookup(tn.Pkg(), name) == nil {
				missing = append(missing, "(*Map)."+name)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("-pkg %s does not have the shardedmap API: missing %s", cfg.PkgPath, strings.Join(missing, ", "))
	}
	return nil
}
