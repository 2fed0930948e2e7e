package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// prop describes one property of a schema definition: its JSON type
// ("string", "integer", "boolean", "any") or the definition its value
// refers to ("#name"), as an array ("[]...") or a map ("{}...") of those.
type prop struct {
	typ    string
	enum   []string
	min    *int // minimum of an integer or number
	max    *int // maximum of a number
	unique bool // uniqueItems of an array
}

// def is a definition of the SARIF 2.1.0 schema: its closed set of
// properties, the required ones, and anyOf groups of which at least one
// must be present.
type def struct {
	props    map[string]prop
	required []string
	anyOf    []string
	open     bool // additionalProperties true (property bags)
}

func intMin(n int) *int { return &n }

// schema transcribes, from the official sarif-schema-2.1.0.json, the
// definitions this package writes. Properties the package never writes are
// listed as "any" so that the closed key sets stay complete.
var schema = map[string]def{
	"sarifLog": {
		props: map[string]prop{
			"$schema": {typ: "string"}, "version": {typ: "string", enum: []string{"2.1.0"}},
			"runs": {typ: "[]#run"}, "inlineExternalProperties": {typ: "any"}, "properties": {typ: "#propertyBag"},
		},
		required: []string{"version", "runs"},
	},
	"run": {
		props: map[string]prop{
			"tool": {typ: "#tool"}, "invocations": {typ: "[]#invocation"}, "conversion": {typ: "any"},
			"language": {typ: "string"}, "versionControlProvenance": {typ: "any"},
			"originalUriBaseIds": {typ: "{}#artifactLocation"}, "artifacts": {typ: "any"},
			"logicalLocations": {typ: "any"}, "graphs": {typ: "any"}, "results": {typ: "[]#result"},
			"automationDetails": {typ: "any"}, "runAggregates": {typ: "any"}, "baselineGuid": {typ: "string"},
			"redactionTokens": {typ: "any"}, "defaultEncoding": {typ: "string"}, "defaultSourceLanguage": {typ: "string"},
			"newlineSequences": {typ: "any"}, "columnKind": {typ: "string", enum: []string{"utf16CodeUnits", "unicodeCodePoints"}},
			"externalPropertyFileReferences": {typ: "any"}, "threadFlowLocations": {typ: "any"}, "taxonomies": {typ: "any"},
			"addresses": {typ: "any"}, "translations": {typ: "any"}, "policies": {typ: "any"},
			"webRequests": {typ: "any"}, "webResponses": {typ: "any"}, "specialLocations": {typ: "any"},
			"properties": {typ: "#propertyBag"},
		},
		required: []string{"tool"},
	},
	"invocation": {
		props: map[string]prop{
			"commandLine": {typ: "string"}, "arguments": {typ: "any"}, "responseFiles": {typ: "any"},
			"startTimeUtc": {typ: "string"}, "endTimeUtc": {typ: "string"}, "exitCode": {typ: "integer"},
			"ruleConfigurationOverrides": {typ: "any"}, "notificationConfigurationOverrides": {typ: "any"},
			"toolExecutionNotifications": {typ: "[]#notification"}, "toolConfigurationNotifications": {typ: "any"},
			"exitCodeDescription": {typ: "string"}, "exitSignalName": {typ: "string"}, "exitSignalNumber": {typ: "integer"},
			"processStartFailureMessage": {typ: "string"}, "executionSuccessful": {typ: "boolean"}, "machine": {typ: "string"},
			"account": {typ: "string"}, "processId": {typ: "integer"}, "executableLocation": {typ: "any"},
			"workingDirectory": {typ: "any"}, "environmentVariables": {typ: "any"}, "stdin": {typ: "any"},
			"stdout": {typ: "any"}, "stderr": {typ: "any"}, "stdoutStderr": {typ: "any"}, "properties": {typ: "#propertyBag"},
		},
		required: []string{"executionSuccessful"},
	},
	"notification": {
		props: map[string]prop{
			"locations": {typ: "any"}, "message": {typ: "#message"},
			"level":    {typ: "string", enum: []string{"none", "note", "warning", "error"}},
			"threadId": {typ: "integer"}, "timeUtc": {typ: "string"}, "exception": {typ: "any"},
			"descriptor": {typ: "any"}, "associatedRule": {typ: "any"}, "properties": {typ: "#propertyBag"},
		},
		required: []string{"message"},
	},
	"tool": {
		props:    map[string]prop{"driver": {typ: "#toolComponent"}, "extensions": {typ: "any"}, "properties": {typ: "#propertyBag"}},
		required: []string{"driver"},
	},
	"toolComponent": {
		props: map[string]prop{
			"guid": {typ: "string"}, "name": {typ: "string"}, "organization": {typ: "string"}, "product": {typ: "string"},
			"productSuite": {typ: "string"}, "shortDescription": {typ: "#multiformatMessageString"},
			"fullDescription": {typ: "#multiformatMessageString"}, "fullName": {typ: "string"}, "version": {typ: "string"},
			"semanticVersion": {typ: "string"}, "dottedQuadFileVersion": {typ: "string"}, "releaseDateUtc": {typ: "string"},
			"downloadUri": {typ: "string"}, "informationUri": {typ: "string"}, "globalMessageStrings": {typ: "any"},
			"notifications": {typ: "any"}, "rules": {typ: "[]#reportingDescriptor", unique: true}, "taxa": {typ: "any"},
			"locations": {typ: "any"}, "language": {typ: "string"}, "contents": {typ: "any"}, "isComprehensive": {typ: "boolean"},
			"localizedDataSemanticVersion": {typ: "string"}, "minimumRequiredLocalizedDataSemanticVersion": {typ: "string"},
			"associatedComponent": {typ: "any"}, "translationMetadata": {typ: "any"}, "supportedTaxonomies": {typ: "any"},
			"properties": {typ: "#propertyBag"},
		},
		required: []string{"name"},
	},
	"reportingDescriptor": {
		props: map[string]prop{
			"id": {typ: "string"}, "deprecatedIds": {typ: "any"}, "guid": {typ: "string"}, "deprecatedGuids": {typ: "any"},
			"name": {typ: "string"}, "deprecatedNames": {typ: "any"}, "shortDescription": {typ: "#multiformatMessageString"},
			"fullDescription": {typ: "#multiformatMessageString"}, "messageStrings": {typ: "any"},
			"defaultConfiguration": {typ: "#reportingConfiguration"}, "helpUri": {typ: "string"},
			"help": {typ: "#multiformatMessageString"}, "relationships": {typ: "any"}, "properties": {typ: "#propertyBag"},
		},
		required: []string{"id"},
	},
	"multiformatMessageString": {
		props:    map[string]prop{"text": {typ: "string"}, "markdown": {typ: "string"}, "properties": {typ: "#propertyBag"}},
		required: []string{"text"},
	},
	"reportingConfiguration": {
		props: map[string]prop{
			"enabled": {typ: "boolean"}, "level": {typ: "string", enum: []string{"none", "note", "warning", "error"}},
			"rank": {typ: "any"}, "parameters": {typ: "#propertyBag"}, "properties": {typ: "#propertyBag"},
		},
	},
	"result": {
		props: map[string]prop{
			"ruleId": {typ: "string"}, "ruleIndex": {typ: "integer", min: intMin(-1)}, "rule": {typ: "any"},
			"kind":  {typ: "string", enum: []string{"notApplicable", "pass", "fail", "review", "open", "informational"}},
			"level": {typ: "string", enum: []string{"none", "note", "warning", "error"}}, "message": {typ: "#message"},
			"analysisTarget": {typ: "#artifactLocation"}, "locations": {typ: "[]#location"}, "guid": {typ: "string"},
			"correlationGuid": {typ: "string"}, "occurrenceCount": {typ: "integer", min: intMin(1)},
			"partialFingerprints": {typ: "{}string"}, "fingerprints": {typ: "{}string"}, "stacks": {typ: "any"},
			"codeFlows": {typ: "any"}, "graphs": {typ: "any"}, "graphTraversals": {typ: "any"},
			"relatedLocations": {typ: "[]#location", unique: true}, "suppressions": {typ: "any"},
			"baselineState": {typ: "string"}, "rank": {typ: "number", min: intMin(-1), max: intMin(100)}, "attachments": {typ: "any"},
			"hostedViewerUri": {typ: "string"}, "workItemUris": {typ: "any"}, "provenance": {typ: "any"},
			"fixes": {typ: "any"}, "taxa": {typ: "any"}, "webRequest": {typ: "any"}, "webResponse": {typ: "any"},
			"properties": {typ: "#propertyBag"},
		},
		required: []string{"message"},
	},
	"message": {
		props: map[string]prop{
			"text": {typ: "string"}, "markdown": {typ: "string"}, "id": {typ: "string"}, "arguments": {typ: "any"},
			"properties": {typ: "#propertyBag"},
		},
		anyOf: []string{"text", "id"},
	},
	"location": {
		props: map[string]prop{
			"id": {typ: "integer", min: intMin(-1)}, "physicalLocation": {typ: "#physicalLocation"},
			"logicalLocations": {typ: "[]#logicalLocation", unique: true}, "message": {typ: "#message"},
			"annotations": {typ: "any"}, "relationships": {typ: "any"}, "properties": {typ: "#propertyBag"},
		},
	},
	"physicalLocation": {
		props: map[string]prop{
			"address": {typ: "any"}, "artifactLocation": {typ: "#artifactLocation"}, "region": {typ: "#region"},
			"contextRegion": {typ: "#region"}, "properties": {typ: "#propertyBag"},
		},
		anyOf: []string{"address", "artifactLocation"},
	},
	"artifactLocation": {
		props: map[string]prop{
			"uri": {typ: "string"}, "uriBaseId": {typ: "string"}, "index": {typ: "integer", min: intMin(-1)},
			"description": {typ: "#message"}, "properties": {typ: "#propertyBag"},
		},
	},
	"region": {
		props: map[string]prop{
			"startLine": {typ: "integer", min: intMin(1)}, "startColumn": {typ: "integer", min: intMin(1)},
			"endLine": {typ: "integer", min: intMin(1)}, "endColumn": {typ: "integer", min: intMin(1)},
			"charOffset": {typ: "integer", min: intMin(-1)}, "charLength": {typ: "integer", min: intMin(0)},
			"byteOffset": {typ: "integer", min: intMin(-1)}, "byteLength": {typ: "integer", min: intMin(0)},
			"snippet": {typ: "any"}, "message": {typ: "#message"}, "sourceLanguage": {typ: "string"},
			"properties": {typ: "#propertyBag"},
		},
		anyOf: []string{"startLine", "charOffset", "byteOffset"},
	},
	"logicalLocation": {
		props: map[string]prop{
			"name": {typ: "string"}, "index": {typ: "integer", min: intMin(-1)}, "fullyQualifiedName": {typ: "string"},
			"decoratedName": {typ: "string"}, "parentIndex": {typ: "integer", min: intMin(-1)}, "kind": {typ: "string"},
			"properties": {typ: "#propertyBag"},
		},
	},
	"propertyBag": {
		props: map[string]prop{"tags": {typ: "[]string", unique: true}},
		open:  true,
	},
}

// check validates the decoded JSON value v against definition name.
func check(v any, name, path string) error {
	d, ok := schema[name]
	if !ok {
		return fmt.Errorf("test bug: no definition %q", name)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: %T, want an object (%s)", path, v, name)
	}
	for _, r := range d.required {
		if _, ok := obj[r]; !ok {
			return fmt.Errorf("%s: required property %q missing (%s)", path, r, name)
		}
	}
	if len(d.anyOf) > 0 {
		found := false
		for _, r := range d.anyOf {
			_, ok := obj[r]
			found = found || ok
		}
		if !found {
			return fmt.Errorf("%s: needs one of %v (%s)", path, d.anyOf, name)
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := d.props[k]
		if !ok {
			if d.open {
				continue
			}
			return fmt.Errorf("%s: property %q is not in the schema of %s", path, k, name)
		}
		if err := checkValue(obj[k], p, path+"."+k); err != nil {
			return err
		}
	}
	return nil
}

func checkValue(v any, p prop, path string) error {
	switch t := p.typ; {
	case t == "any":
		return nil
	case strings.HasPrefix(t, "[]"):
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", path, v)
		}
		seen := make(map[string]bool)
		for i, e := range arr {
			if p.unique {
				b, _ := json.Marshal(e)
				if seen[string(b)] {
					return fmt.Errorf("%s[%d]: duplicate item in a uniqueItems array", path, i)
				}
				seen[string(b)] = true
			}
			if err := checkValue(e, prop{typ: t[2:]}, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case strings.HasPrefix(t, "{}"):
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", path, v)
		}
		for k, e := range m {
			if err := checkValue(e, prop{typ: t[2:]}, path+"."+k); err != nil {
				return err
			}
		}
	case strings.HasPrefix(t, "#"):
		return check(v, t[1:], path)
	case t == "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: %T, want a string", path, v)
		}
		if len(p.enum) > 0 && !contains(p.enum, s) {
			return fmt.Errorf("%s: %q is not one of %v", path, s, p.enum)
		}
	case t == "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", path, v)
		}
	case t == "number":
		n, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s: %T, want a number", path, v)
		}
		if p.min != nil && n < float64(*p.min) || p.max != nil && n > float64(*p.max) {
			return fmt.Errorf("%s: %v is outside the range of the schema", path, n)
		}
	case t == "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			return fmt.Errorf("%s: %v, want an integer", path, v)
		}
		if p.min != nil && n < float64(*p.min) {
			return fmt.Errorf("%s: %v is below the minimum %d", path, n, *p.min)
		}
	default:
		return fmt.Errorf("test bug: type %q", t)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sampleLog uses every type and field of the package.
func sampleLog() *Log {
	rank := 42.5
	rule := ReportingDescriptor{
		ID:                   "tool/rule",
		Name:                 "Rule",
		ShortDescription:     &MultiformatMessage{Text: "short"},
		FullDescription:      &MultiformatMessage{Text: "full"},
		DefaultConfiguration: &ReportingConfiguration{Level: LevelError},
		HelpURI:              "https://example.com/rule",
		Help:                 &MultiformatMessage{Text: "help", Markdown: "*help*"},
		Properties:           PropertyBag{"tags": []string{"a", "b"}},
	}
	res := Result{
		RuleID:    "tool/rule",
		RuleIndex: 0,
		Level:     LevelWarning,
		Message:   Message{Text: "var m (map[string]int) is shared <between> goroutines & more"},
		Locations: []Location{{
			PhysicalLocation: &PhysicalLocation{
				ArtifactLocation: ArtifactLocation{URI: RelativeURI("dir with space/a.go"), URIBaseID: SrcRoot},
				Region:           &Region{StartLine: 3, StartColumn: 5, EndLine: 3, EndColumn: 6},
			},
			LogicalLocations: []LogicalLocation{{Name: "m", FullyQualifiedName: "example.com/p.m", Kind: "variable"}},
		}},
		RelatedLocations: []Location{
			{ID: 1, PhysicalLocation: &PhysicalLocation{
				ArtifactLocation: ArtifactLocation{URI: "a.go", URIBaseID: SrcRoot},
				Region:           &Region{StartLine: 9, StartColumn: 2},
			}, Message: &Message{Text: "write"}},
			{ID: 2, PhysicalLocation: &PhysicalLocation{
				ArtifactLocation: ArtifactLocation{URI: FileURI("/elsewhere/b.go")},
				Region:           &Region{StartLine: 1},
			}, Message: &Message{Text: "read"}},
		},
		PartialFingerprints: map[string]string{"key/v1": "example.com/p.m"},
		Properties:          PropertyBag{"confidence": "certain", "rewritable": true},
		Rank:                &rank,
	}
	return NewLog(Run{
		Tool:               Tool{Driver: ToolComponent{Name: "tool", Version: "v1.2.3", InformationURI: "https://example.com", Rules: []ReportingDescriptor{rule}}},
		OriginalURIBaseIDs: map[string]ArtifactLocation{SrcRoot: {URI: FileURI("/src/mod/")}},
		Results:            []Result{res},
		ColumnKind:         ColumnKindUTF16,
	})
}

func encode(t *testing.T, l *Log) (map[string]any, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := l.Encode(&buf); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	var v map[string]any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	return v, buf.String()
}

func TestEncodeMatchesSchema(t *testing.T) {
	v, out := encode(t, sampleLog())
	if err := check(v, "sarifLog", "$"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		`"$schema": "` + SchemaURI + `"`,
		`"version": "2.1.0"`,
		`"uriBaseId": "%SRCROOT%"`,
		`"uri": "dir%20with%20space/a.go"`,
		`"uri": "file:///src/mod/"`,
		`"ruleIndex": 0`,
		`"columnKind": "utf16CodeUnits"`,
		// Go code in messages stays readable.
		`shared <between> goroutines & more`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

// TestSchemaCheckCatches makes sure the schema walk of the test can fail:
// a misspelt property, a missing required one and a value out of range.
func TestSchemaCheckCatches(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(v map[string]any)
		want string
	}{
		{"unknown property", func(v map[string]any) {
			loc := result(v)["locations"].([]any)[0].(map[string]any)
			al := loc["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)
			al["uriBaseID"] = al["uriBaseId"]
			delete(al, "uriBaseId")
		}, `property "uriBaseID" is not in the schema`},
		{"missing required", func(v map[string]any) { delete(result(v), "message") }, `required property "message"`},
		{"below minimum", func(v map[string]any) {
			loc := result(v)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["region"].(map[string]any)["startLine"] = 0.0
		}, "below the minimum 1"},
		{"bad enum", func(v map[string]any) { result(v)["level"] = "fatal" }, `"fatal" is not one of`},
		{"duplicate related", func(v map[string]any) {
			r := result(v)
			rel := r["relatedLocations"].([]any)
			r["relatedLocations"] = append(rel, rel[0])
		}, "duplicate item"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := encode(t, sampleLog())
			tc.edit(v)
			err := check(v, "sarifLog", "$")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("check = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func result(v map[string]any) map[string]any {
	return v["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
}

func TestEncodeNoResults(t *testing.T) {
	l := sampleLog()
	l.Runs[0].Results = nil
	v, out := encode(t, l)
	if err := check(v, "sarifLog", "$"); err != nil {
		t.Fatal(err)
	}
	// A log of a scan must carry its results, even none.
	res, ok := v["runs"].([]any)[0].(map[string]any)["results"]
	if !ok || res == nil {
		t.Fatalf("results missing or null:\n%s", out)
	}
	if n := len(res.([]any)); n != 0 {
		t.Fatalf("%d results, want 0", n)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(l *Log)
		want string
	}{
		{"version", func(l *Log) { l.Version = "2.0.0" }, "version"},
		{"driver name", func(l *Log) { l.Runs[0].Tool.Driver.Name = "" }, "driver.name"},
		{"base without slash", func(l *Log) {
			l.Runs[0].OriginalURIBaseIDs[SrcRoot] = ArtifactLocation{URI: "file:///src/mod"}
		}, "does not end in /"},
		{"duplicate rule", func(l *Log) {
			d := &l.Runs[0].Tool.Driver
			d.Rules = append(d.Rules, d.Rules[0])
		}, "twice"},
		{"rule level", func(l *Log) { l.Runs[0].Tool.Driver.Rules[0].DefaultConfiguration.Level = "fatal" }, "level"},
		{"rule index", func(l *Log) { l.Runs[0].Results[0].RuleIndex = 1 }, "ruleIndex 1 out of range"},
		{"rule id", func(l *Log) { l.Runs[0].Results[0].RuleID = "other" }, `ruleId "other"`},
		{"result level", func(l *Log) { l.Runs[0].Results[0].Level = "fatal" }, "level"},
		{"empty message", func(l *Log) { l.Runs[0].Results[0].Message.Text = "" }, "message.text"},
		{"start line", func(l *Log) { l.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.StartLine = 0 }, "start at 1"},
		{"end before start", func(l *Log) { l.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.EndColumn = 2 }, "ends before"},
		{"related id", func(l *Log) { l.Runs[0].Results[0].RelatedLocations[1].ID = 1 }, "not unique"},
		{"absolute uri with base", func(l *Log) {
			l.Runs[0].Results[0].RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI = "file:///a.go"
		}, "must be relative"},
		{"empty uri", func(l *Log) {
			l.Runs[0].Results[0].RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI = ""
		}, "uri is empty"},
		{"rank", func(l *Log) { r := 100.5; l.Runs[0].Results[0].Rank = &r }, "rank 100.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := sampleLog()
			tc.edit(l)
			var buf bytes.Buffer
			err := l.Encode(&buf)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Encode = %v, want an error containing %q", err, tc.want)
			}
			if buf.Len() > 0 {
				t.Fatalf("an invalid log was written:\n%s", buf.String())
			}
		})
	}
}

func TestURIs(t *testing.T) {
	for _, tc := range []struct{ in, rel, file string }{
		{"a.go", "a.go", "file:///a.go"},
		{"p/q_test.go", "p/q_test.go", "file:///p/q_test.go"},
		{"dir with space/x.go", "dir%20with%20space/x.go", "file:///dir%20with%20space/x.go"},
		{"a:b/c.go", "a%3Ab/c.go", "file:///a:b/c.go"},
		{"100%/#?.go", "100%25/%23%3F.go", "file:///100%25/%23%3F.go"},
		{"héllo/ü.go", "h%C3%A9llo/%C3%BC.go", "file:///h%C3%A9llo/%C3%BC.go"},
		{"C:/src/m/", "C%3A/src/m/", "file:///C:/src/m/"},
		{"/abs/m/", "/abs/m/", "file:///abs/m/"},
	} {
		if got := RelativeURI(tc.in); got != tc.rel {
			t.Errorf("RelativeURI(%q) = %q, want %q", tc.in, got, tc.rel)
		}
		if got := FileURI(tc.in); got != tc.file {
			t.Errorf("FileURI(%q) = %q, want %q", tc.in, got, tc.file)
		}
	}
}

func TestColumn(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		want   int
	}{
		{"", 1},
		{"\t", 2},
		{"var x", 6},
		{"s := \"é\"; ", 11},  // é: 2 bytes, 1 code unit
		{"s := \"世界\"; ", 12}, // 3 bytes each, 1 code unit each
		{"s := \"😀\"; ", 12},  // 4 bytes, a surrogate pair
		{"\xff\xfe x", 5},     // invalid bytes: one unit each
		{"// 𝔤𝔬: ", 10},       // two astral letters
	} {
		if got := Column([]byte(tc.prefix)); got != tc.want {
			t.Errorf("Column(%q) = %d, want %d", tc.prefix, got, tc.want)
		}
	}
}
