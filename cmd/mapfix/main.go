// Command mapfix finds Go maps that goroutines share without a lock and
// rewrites them into a generated sharded concurrent map.
//
// Usage:
//
//	mapfix check [flags] [packages]     list shared maps (exit 1 if any)
//	mapfix rewrite [flags] [packages]   print the rewrite as a diff; -w writes it
//	mapfix version
//	mapfix help [command]               flags, exit codes and examples
//
// The README has the same and more.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// Exit codes, as gofmt and go fix -diff use them.
const (
	exitOK      = 0
	exitFound   = 1
	exitFailure = 2
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is main with its outputs and exit code explicit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	if len(args) < 2 {
		fmt.Fprintln(stderr, "usage: mapfix <command> [flags] [packages]\nrun 'mapfix help' for the commands and their flags")
		return exitFailure
	}
	name, rest := args[1], args[2:]
	switch {
	case isHelpFlag(name):
		writeAppHelp(stdout, app)
		return exitOK
	case name == "help":
		return help(app, rest, stdout, stderr)
	case strings.HasPrefix(name, "-"):
		fmt.Fprintf(stderr, "mapfix: %s\n", flagBeforeCommand(app, args[1:]))
		return exitFailure
	}
	cmd := app.Command(name)
	if cmd == nil {
		fmt.Fprintf(stderr, "mapfix: unknown command %q (want check, rewrite, version or help)\n", name)
		return exitFailure
	}
	parsed := splitArgs(cmd, rest)
	if parsed.help {
		writeCommandHelp(stdout, cmd)
		return exitOK
	}
	err := app.Run(append([]string{args[0], name}, parsed.args()...))
	var code exitCode
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	}
	fmt.Fprintf(stderr, "mapfix: %v\n", err)
	return exitFailure
}

// help runs "mapfix help [command]": help is on stdout, exit 0, as for -h.
func help(app *cli.App, args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		writeAppHelp(stdout, app)
		return exitOK
	case 1:
		if cmd := app.Command(args[0]); cmd != nil {
			writeCommandHelp(stdout, cmd)
			return exitOK
		}
		fmt.Fprintf(stderr, "mapfix help: unknown command %q (want check, rewrite or version)\n", args[0])
	default:
		fmt.Fprintln(stderr, "usage: mapfix help [command]")
	}
	return exitFailure
}

// exitCode is an error that only carries an exit status: the command has
// already said what there was to say.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "mapfix",
		Usage:     "find maps shared between goroutines and rewrite them into a concurrent map",
		UsageText: "mapfix check|rewrite|version [flags] [packages]",
		Writer:    stdout,
		ErrWriter: stderr,
		Commands: []*cli.Command{
			checkCommand(),
			rewriteCommand(),
			{
				Name:  "version",
				Usage: "print mapfix's version",
				Action: func(c *cli.Context) error {
					fmt.Fprintf(c.App.Writer, "mapfix %s\n", version())
					return nil
				},
			},
		},
		// Unknown flags and commands are usage errors: exit 2.
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError(c, err)
		},
		ExitErrHandler: func(*cli.Context, error) {},
		// run handles help (help.go); urfave/cli's own would print the
		// flags as --name.
		HideHelp: true,
	}
}

func usageError(c *cli.Context, err error) error {
	hint := "mapfix help"
	if c.Command != nil && c.App.Command(c.Command.Name) != nil {
		hint += " " + c.Command.Name
	}
	fmt.Fprintf(c.App.ErrWriter, "mapfix: %v\nrun '%s' for usage\n", err, hint)
	return exitCode(exitFailure)
}
