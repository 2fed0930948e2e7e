// Package sarif writes SARIF 2.1.0 logs (the OASIS Static Analysis Results
// Interchange Format), the subset that code-scanning tools such as GitHub
// code scanning read: one run with a tool driver and its rules, and results
// with a primary location, related locations, logical locations, partial
// fingerprints and property bags.
//
// The types follow the names and shapes of the official JSON schema
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json);
// every object there is closed (additionalProperties false) except property
// bags, so a field is only written under the name the schema gives it, and
// optional fields are omitted when empty. Log.Validate checks the
// constraints of the schema that these types do not enforce by themselves.
//
// Choices where the standard leaves room:
//   - Columns are counted in UTF-16 code units, the SARIF default, and the
//     run says so (columnKind); Column converts from Go's byte columns.
//   - URIs are written with forward slashes and every byte outside RFC 3986's
//     unreserved set and "/" percent-encoded (RelativeURI, FileURI).
package sarif

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Version is the SARIF version written into every log.
const Version = "2.1.0"

// SchemaURI is the location of the SARIF 2.1.0 JSON schema (its own id).
const SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SrcRoot is the conventional uriBaseId of the root of the analysed
// sources; code-scanning tools resolve it to the checkout they scan.
const SrcRoot = "%SRCROOT%"

// ColumnKindUTF16 is the columnKind of runs whose columns count UTF-16
// code units.
const ColumnKindUTF16 = "utf16CodeUnits"

// Levels of a result or of a rule's default configuration.
const (
	LevelNone    = "none"
	LevelNote    = "note"
	LevelWarning = "warning"
	LevelError   = "error"
)

// Log is the top-level object of a SARIF file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// NewLog returns a log of the current version with one run.
func NewLog(run Run) *Log {
	return &Log{Schema: SchemaURI, Version: Version, Runs: []Run{run}}
}

// Run is one invocation of one tool and its results.
type Run struct {
	Tool Tool `json:"tool"`
	// OriginalURIBaseIDs gives, for each uriBaseId used in the run, the
	// absolute URI it stood for where the tool ran. Each URI ends in "/".
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	// Results are always written, empty or not (Encode writes nil as []):
	// the schema requires them in a log that represents a scan.
	Results    []Result `json:"results"`
	ColumnKind string   `json:"columnKind,omitempty"`
	// Invocations says whether the run checked everything it was asked
	// to, and why not.
	Invocations []Invocation `json:"invocations,omitempty"`
}

// Invocation is one run of the tool: whether it succeeded, and the
// problems that kept it from checking everything.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is a message from the tool about its own run.
type Notification struct {
	Level   string  `json:"level,omitempty"`
	Message Message `json:"message"`
}

// Tool describes the analysis tool.
type Tool struct {
	Driver ToolComponent `json:"driver"`
}

// ToolComponent is the tool's driver (SARIF allows extensions too; this
// package does not need them).
type ToolComponent struct {
	Name           string                `json:"name"`
	Version        string                `json:"version,omitempty"`
	InformationURI string                `json:"informationUri,omitempty"`
	Rules          []ReportingDescriptor `json:"rules,omitempty"`
}

// ReportingDescriptor is a rule: the kind of problem a result reports.
type ReportingDescriptor struct {
	ID                   string                  `json:"id"`
	Name                 string                  `json:"name,omitempty"`
	ShortDescription     *MultiformatMessage     `json:"shortDescription,omitempty"`
	FullDescription      *MultiformatMessage     `json:"fullDescription,omitempty"`
	DefaultConfiguration *ReportingConfiguration `json:"defaultConfiguration,omitempty"`
	HelpURI              string                  `json:"helpUri,omitempty"`
	Help                 *MultiformatMessage     `json:"help,omitempty"`
	Properties           PropertyBag             `json:"properties,omitempty"`
}

// MultiformatMessage is the schema's multiformatMessageString: plain text,
// optionally with a Markdown rendering.
type MultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// ReportingConfiguration is a rule's default configuration.
type ReportingConfiguration struct {
	Level string `json:"level,omitempty"`
}

// Result is one problem found.
type Result struct {
	RuleID string `json:"ruleId"`
	// RuleIndex is the index of the rule in the driver's Rules. It is
	// always written, since 0 is a valid index.
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level,omitempty"`
	Message             Message           `json:"message"`
	Locations           []Location        `json:"locations,omitempty"`
	RelatedLocations    []Location        `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	// Rank is the result's priority, from 0 to 100 (higher first); nil
	// leaves it unset, which SARIF reads as -1, no rank.
	Rank       *float64    `json:"rank,omitempty"`
	Properties PropertyBag `json:"properties,omitempty"`
}

// Message is a plain-text message.
type Message struct {
	Text string `json:"text"`
}

// Location is a place in an artifact, with an optional message. ID
// distinguishes related locations within one result (0 means none).
type Location struct {
	ID               int               `json:"id,omitempty"`
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []LogicalLocation `json:"logicalLocations,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

// PhysicalLocation is a region of a file.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// ArtifactLocation names a file: a URI, relative to the uriBaseId when
// one is given.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a range of a file; lines and columns start at 1, and 0 means
// unset. EndColumn is the column after the last character.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// LogicalLocation names the program entity a result is about.
type LogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

// PropertyBag holds tool-specific key/value pairs. Its keys are written in
// sorted order, so the output is deterministic.
type PropertyBag map[string]any

// Encode writes l as indented JSON after checking it with Validate: an
// invalid log is a bug in the caller and is never written.
func (l *Log) Encode(w io.Writer) error {
	if err := l.Validate(); err != nil {
		return err
	}
	// A run's results are written even when there are none: nil would
	// encode as null. Copy the runs rather than change the caller's log.
	out := *l
	out.Runs = make([]Run, len(l.Runs))
	for i, run := range l.Runs {
		if run.Results == nil {
			run.Results = []Result{}
		}
		out.Runs[i] = run
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote Go code (map[string]int, <-ch); keep them readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return nil
}

// Validate checks the constraints of the SARIF 2.1.0 schema and spec that
// the Go types leave open: required strings are set, levels are in the
// enumeration, indices point at rules, line and column numbers are at
// least 1, related location IDs are unique within a result, URIs under a
// uriBaseId are relative, and originalUriBaseIds end in "/".
func (l *Log) Validate() error {
	if l.Version != Version {
		return fmt.Errorf("sarif: version %q, want %q", l.Version, Version)
	}
	for ri := range l.Runs {
		run := &l.Runs[ri]
		where := fmt.Sprintf("runs[%d]", ri)
		if run.Tool.Driver.Name == "" {
			return fmt.Errorf("sarif: %s.tool.driver.name is empty", where)
		}
		for base, loc := range run.OriginalURIBaseIDs {
			if !strings.HasSuffix(loc.URI, "/") {
				return fmt.Errorf("sarif: %s.originalUriBaseIds[%q].uri %q does not end in /", where, base, loc.URI)
			}
		}
		rules := run.Tool.Driver.Rules
		seen := make(map[string]bool)
		for i, r := range rules {
			if r.ID == "" {
				return fmt.Errorf("sarif: %s.tool.driver.rules[%d].id is empty", where, i)
			}
			if seen[r.ID] {
				return fmt.Errorf("sarif: %s.tool.driver.rules: id %q twice", where, r.ID)
			}
			seen[r.ID] = true
			if c := r.DefaultConfiguration; c != nil && c.Level != "" && !validLevel(c.Level) {
				return fmt.Errorf("sarif: rule %s: level %q", r.ID, c.Level)
			}
		}
		for i := range run.Results {
			if err := run.validateResult(&run.Results[i]); err != nil {
				return fmt.Errorf("sarif: %s.results[%d]: %w", where, i, err)
			}
		}
	}
	return nil
}

func (run *Run) validateResult(r *Result) error {
	rules := run.Tool.Driver.Rules
	if r.RuleIndex < 0 || r.RuleIndex >= len(rules) {
		return fmt.Errorf("ruleIndex %d out of range (%d rules)", r.RuleIndex, len(rules))
	}
	if rules[r.RuleIndex].ID != r.RuleID {
		return fmt.Errorf("ruleId %q but ruleIndex %d is rule %q", r.RuleID, r.RuleIndex, rules[r.RuleIndex].ID)
	}
	if r.Level != "" && !validLevel(r.Level) {
		return fmt.Errorf("level %q", r.Level)
	}
	if r.Message.Text == "" {
		return fmt.Errorf("message.text is empty")
	}
	if r.Rank != nil && (*r.Rank < -1 || *r.Rank > 100) {
		return fmt.Errorf("rank %v is outside -1 to 100", *r.Rank)
	}
	for i := range r.Locations {
		if err := run.validateLocation(&r.Locations[i]); err != nil {
			return fmt.Errorf("locations[%d]: %w", i, err)
		}
	}
	ids := make(map[int]bool)
	for i := range r.RelatedLocations {
		loc := &r.RelatedLocations[i]
		if loc.ID < 0 {
			return fmt.Errorf("relatedLocations[%d].id %d is negative", i, loc.ID)
		}
		if loc.ID != 0 {
			if ids[loc.ID] {
				return fmt.Errorf("relatedLocations[%d].id %d is not unique", i, loc.ID)
			}
			ids[loc.ID] = true
		}
		if err := run.validateLocation(loc); err != nil {
			return fmt.Errorf("relatedLocations[%d]: %w", i, err)
		}
	}
	return nil
}

func (run *Run) validateLocation(loc *Location) error {
	if loc.Message != nil && loc.Message.Text == "" {
		return fmt.Errorf("message.text is empty")
	}
	p := loc.PhysicalLocation
	if p == nil {
		return nil
	}
	a := p.ArtifactLocation
	if a.URI == "" {
		return fmt.Errorf("artifactLocation.uri is empty")
	}
	// A uriBaseId need not be in originalUriBaseIds: SARIF lets the
	// consumer resolve it (code scanning maps %SRCROOT% to its checkout).
	if a.URIBaseID != "" {
		if strings.Contains(a.URI, ":") || strings.HasPrefix(a.URI, "/") {
			return fmt.Errorf("uri %q with a uriBaseId must be relative", a.URI)
		}
	}
	if r := p.Region; r != nil {
		if r.StartLine < 1 || r.StartColumn < 0 || r.EndLine < 0 || r.EndColumn < 0 {
			return fmt.Errorf("region %+v: lines and columns start at 1", *r)
		}
		if r.EndLine != 0 && r.EndLine < r.StartLine {
			return fmt.Errorf("region %+v ends before it starts", *r)
		}
		if r.EndColumn != 0 && r.StartColumn != 0 && (r.EndLine == 0 || r.EndLine == r.StartLine) && r.EndColumn < r.StartColumn {
			return fmt.Errorf("region %+v ends before it starts", *r)
		}
	}
	return nil
}

func validLevel(l string) bool {
	switch l {
	case LevelNone, LevelNote, LevelWarning, LevelError:
		return true
	}
	return false
}

// RelativeURI turns a slash-separated relative path into a relative URI
// reference: each byte outside RFC 3986's unreserved characters and "/"
// is percent-encoded, which also keeps a ":" in the first segment from
// reading as a scheme.
func RelativeURI(path string) string {
	return escapePath(path, false)
}

// FileURI turns an absolute slash-separated path ("/a/b" or, from
// Windows, "C:/a/b") into a file URI; a trailing slash is kept, as
// originalUriBaseIds need.
func FileURI(path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return "file://" + escapePath(path, true)
}

func escapePath(path string, keepColon bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/',
			c == ':' && keepColon:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// Column returns the 1-based SARIF column, in UTF-16 code units, of the
// character that follows prefix, the bytes of its line before it (Go's
// token.Position.Column is 1 plus len(prefix)). Invalid UTF-8 counts one
// unit per byte, as a decoder that replaces it with U+FFFD would.
func Column(prefix []byte) int {
	n := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		prefix = prefix[size:]
		if k := utf16.RuneLen(r); k > 0 {
			n += k
		} else {
			n++
		}
	}
	return n + 1
}
