package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// urfave/cli prints flags as --name, and has no place for exit codes or
// examples; mapfix's flags are the go command's, written with one dash in
// the README and in scripts. So mapfix renders its own help from the
// commands' flag definitions (which keeps it in step with them) and the
// texts below, and handles -h, -help and "help" itself.

// commandHelp is what a command's help says beyond its flags.
type commandHelp struct {
	about    string // what the command does, after the usage line
	exit     string // the exit codes
	examples string // one or more example lines
}

var helps = map[string]commandHelp{
	"check": {
		about: `Check lists the maps that goroutines share without a lock: one finding per
map, with its ID (what -only and a //mapfix:ignore comment take), how sure
mapfix is (observed, certain, likely, possible), the accesses that race,
and why it could not be rewritten, if it cannot.`,
		exit: `0  no shared map
1  shared maps found
2  error (packages that do not type-check are errors; the others are
   still checked and reported)`,
		examples: `mapfix check ./...
mapfix check -json ./... > findings.json`,
	},
	"rewrite": {
		about: `Rewrite changes every shared map into a *shardedmap.Map of a package it
generates into the module (internal/shardedmap), and prints the change as a
unified diff. With -w it writes the files instead: all of them or none,
after type-checking the whole module with the change. Maps that cannot be
rewritten are left alone, each with its reason on stderr.`,
		exit: `-d, -l  0 nothing to change, 1 changes shown, 2 error
-w      0 written and no shared map left, 1 written but some shared
        maps could not be rewritten (reasons on stderr), 2 error and
        nothing written
Under go generate (GOFILE set), -w exits 0 when it wrote what it could
and prints the maps it left as warnings; -strict restores exit 1.`,
		examples: `mapfix rewrite ./... | git apply
mapfix rewrite -w ./...
//go:generate go tool mapfix rewrite -w`,
	},
	"version": {
		about:    `Version prints the version of mapfix, as it writes it into generated files.`,
		exit:     `0`,
		examples: `mapfix version`,
	},
}

// packagesHelp says what the package arguments are.
const packagesHelp = `Packages are patterns as the go command takes them (./..., example.com/app/...).
With none, mapfix works on the package in the current directory, as go vet
does; under go generate that is the package being generated. Flags may also
follow the packages.`

// writeAppHelp prints the help of mapfix itself.
func writeAppHelp(w io.Writer, app *cli.App) {
	fmt.Fprintf(w, "mapfix: %s.\n\nUsage:\n\n\tmapfix <command> [flags] [packages]\n\nCommands:\n\n", app.Usage)
	for _, c := range app.Commands {
		fmt.Fprintf(w, "\t%-8s  %s\n", c.Name, c.Usage)
	}
	fmt.Fprintf(w, "\t%-8s  %s\n", "help", "show the help of a command: mapfix help check")
	fmt.Fprintf(w, "\n%s\n\nRun 'mapfix help <command>' for its flags, exit codes and examples.\n", packagesHelp)
}

// writeCommandHelp prints the help of one command.
func writeCommandHelp(w io.Writer, c *cli.Command) {
	h := helps[c.Name]
	usage := "mapfix " + c.Name
	if len(c.Flags) > 0 {
		usage += " [flags]"
	}
	if c.ArgsUsage != "" {
		usage += " " + c.ArgsUsage
	}
	fmt.Fprintf(w, "usage: %s\n\n", usage)
	if h.about != "" {
		fmt.Fprintf(w, "%s\n\n", h.about)
	}
	if c.ArgsUsage != "" {
		fmt.Fprintf(w, "%s\n\n", packagesHelp)
	}
	if len(c.Flags) > 0 {
		fmt.Fprintf(w, "Flags:\n\n")
		for _, f := range c.Flags {
			writeFlag(w, f)
		}
		fmt.Fprintf(w, "  -h, -help\n    \tshow this help\n\n")
	}
	writeSection(w, "Exit status", h.exit)
	writeSection(w, "Examples", h.examples)
}

// writeSection prints a heading and its text, indented.
func writeSection(w io.Writer, heading, text string) {
	if text == "" {
		return
	}
	fmt.Fprintf(w, "%s:\n\n", heading)
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintf(w, "\t%s\n", line)
	}
	fmt.Fprintln(w)
}

// writeFlag prints one flag as the flag package's PrintDefaults does, with
// one dash: its name and value placeholder on one line, then its usage.
// A boolean that is on by default is shown as name=false, the way to turn
// it off.
func writeFlag(w io.Writer, f cli.Flag) {
	var usage, def string
	takesValue := false
	if d, ok := f.(cli.DocGenerationFlag); ok {
		usage, takesValue, def = d.GetUsage(), d.TakesValue(), d.GetValue()
	}
	if b, ok := f.(*cli.BoolFlag); ok && b.Value {
		def = "true" // GetValue is "" for every boolean
	}
	placeholder, usage := splitPlaceholder(usage, takesValue)
	var names []string
	for _, n := range f.Names() {
		names = append(names, "-"+n)
	}
	head := strings.Join(names, ", ")
	switch {
	case !takesValue && def == "true":
		head += "=false"
		usage += " (on by default)"
	case takesValue:
		head += " " + placeholder
		if def != "" && def != `""` {
			usage += fmt.Sprintf(" (default %s)", def)
		}
	}
	fmt.Fprintf(w, "  %s\n    \t%s\n", head, usage)
}

// splitPlaceholder returns the name of a flag's value, taken from the
// first back-quoted word of its usage as the flag package does, and the
// usage without the quotes.
func splitPlaceholder(usage string, takesValue bool) (string, string) {
	if i := strings.IndexByte(usage, '`'); i >= 0 {
		if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
			name := usage[i+1 : i+1+j]
			return name, usage[:i] + name + usage[i+1+j+1:]
		}
	}
	if takesValue {
		return "value", usage
	}
	return "", usage
}

// isHelpFlag reports whether arg asks for help (-h, -help, --help).
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// parsedArgs is a command line after the command's name, split into its
// flags and its package patterns.
type parsedArgs struct {
	flags, patterns []string
	help            bool // -h or -help among the flags
}

// splitArgs separates a command's flags from its package patterns, so that
// flags after the patterns (check ./... -json) are flags, as the go
// command's users expect, rather than import paths. A flag that takes a
// value takes the next argument unless written as -flag=value; "--" ends
// the flags. Unknown flags are kept as flags, for the parser to report.
func splitArgs(cmd *cli.Command, args []string) parsedArgs {
	valued := make(map[string]bool)
	for _, f := range cmd.Flags {
		d, ok := f.(cli.DocGenerationFlag)
		for _, n := range f.Names() {
			valued[n] = ok && d.TakesValue()
		}
	}
	var p parsedArgs
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			p.patterns = append(p.patterns, args[i+1:]...)
			return p
		case len(a) < 2 || a[0] != '-':
			p.patterns = append(p.patterns, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if _, defined := valued[name]; !defined && isHelpFlag(a) {
			p.help = true
			continue
		}
		p.flags = append(p.flags, a)
		if valued[name] && !hasValue && i+1 < len(args) {
			i++
			p.flags = append(p.flags, args[i])
		}
	}
	return p
}

// args returns the command line to hand to the parser: flags first.
func (p parsedArgs) args() []string {
	out := append([]string(nil), p.flags...)
	if len(p.patterns) > 0 {
		out = append(out, "--")
		out = append(out, p.patterns...)
	}
	return out
}

// flagBeforeCommand explains a flag given before the command's name
// (mapfix -w rewrite): it names the command line meant, when there is a
// command later on the line.
func flagBeforeCommand(app *cli.App, args []string) string {
	var flags []string
	for i, a := range args {
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			continue
		}
		if app.Command(a) == nil {
			break
		}
		line := append([]string{"mapfix", a}, flags...)
		line = append(line, args[i+1:]...)
		return fmt.Sprintf("flags go after the command: %s", strings.Join(line, " "))
	}
	return fmt.Sprintf("%s: flags go after the command: mapfix check|rewrite [flags] [packages]", args[0])
}
