// Command kplay-oracle is the conformance oracle of kplay: Go's text/template
// with either the plain Sprig v3 function library ("funcs":"sprig") or the
// KubeKey function map ("funcs":"kubekey", the default): Sprig minus
// env/expandenv plus the KubeKey functions (kubekey.go), as the dialect spec
// (templates.md §6.2) describes them.
//
// It reads JSON lines on stdin, one case per line:
//
//	{"id": "...", "template": "...", "data": <any JSON>,
//	 "missingkey": "default"|"zero"|"error", "delims": ["<<", ">>"], "name": "tpl",
//	 "funcs": "kubekey"|"sprig"}
//
// and writes one JSON line per input line on stdout:
//
//	{"id": ..., "ok": true, "out": "..."}
//	{"id": ..., "ok": false, "phase": "parse"|"exec"|"input", "error": "..."}
//
// Unknown input fields (e.g. "expected" in a corpus file) are ignored, so a
// corpus file can be fed to the oracle directly.
//
// With -bench, it times parse and execute instead (bench.go).
//
// With -corpus, it instead writes corpus lines: the input case (id, template,
// data exactly as given, missingkey, delims, name) plus "expected", the
// result without its id. Data is copied as raw JSON so number literals keep
// their lexical form (1.0 stays a float). See README.md.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/template"
	"unicode/utf8"

	sprig "github.com/Masterminds/sprig/v3"
)

// defaultName is the name given to the top-level template. It shows up in
// error messages ("template: tpl:1:3: ...") and is what {{template "tpl"}}
// would refer to.
const defaultName = "tpl"

type input struct {
	ID         json.RawMessage `json:"id"`
	Template   *string         `json:"template"`
	Data       json.RawMessage `json:"data"`
	MissingKey string          `json:"missingkey"`
	Delims     []string        `json:"delims"`
	Name       string          `json:"name"`
	Funcs      string          `json:"funcs"`
}

// corpusLine is what -corpus writes.
type corpusLine struct {
	ID         json.RawMessage `json:"id"`
	Template   string          `json:"template"`
	Data       json.RawMessage `json:"data"`
	MissingKey string          `json:"missingkey,omitempty"`
	Delims     []string        `json:"delims,omitempty"`
	Name       string          `json:"name,omitempty"`
	Funcs      string          `json:"funcs,omitempty"`
	Expected   expected        `json:"expected"`
}

type expected struct {
	OK     bool    `json:"ok"`
	Out    *string `json:"out,omitempty"`
	Phase  string  `json:"phase,omitempty"`
	Error  string  `json:"error,omitempty"`
	OutB64 string  `json:"out_b64,omitempty"`
}

type result struct {
	ID    json.RawMessage `json:"id"`
	OK    bool            `json:"ok"`
	Out   *string         `json:"out,omitempty"`
	Phase string          `json:"phase,omitempty"`
	Error string          `json:"error,omitempty"`
	// OutB64 is set (in addition to Out) only when the output is not valid
	// UTF-8; Out then holds the output with invalid bytes replaced by U+FFFD
	// (which is what encoding/json does anyway).
	OutB64 string `json:"out_b64,omitempty"`
}

// sprigFuncs is built once; sprig.TxtFuncMap() returns a fresh map each call.
var sprigFuncs = sprig.TxtFuncMap()

func main() {
	corpusMode := flag.Bool("corpus", false, "write corpus lines (case + expected) instead of results")
	benchMode := flag.Bool("bench", false, "time parse/execute of the texts of one JSON object on stdin (bench.go)")
	flag.Parse()
	if *benchMode {
		if err := runBench(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "kplay-oracle: -bench:", err)
			os.Exit(2)
		}
		return
	}
	status := 0
	defer func() { os.Exit(status) }()

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)

	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			res := runLine(line)
			var v interface{} = res
			if *corpusMode {
				cl, err := toCorpusLine(line, res)
				if err != nil {
					fmt.Fprintf(os.Stderr, "kplay-oracle: -corpus: case %s: %v\n", res.ID, err)
					status = 3
					continue
				}
				v = cl
			}
			if e := enc.Encode(v); e != nil {
				fmt.Fprintln(os.Stderr, "kplay-oracle: encode:", e)
				os.Exit(2)
			}
			// Flush per line so the oracle can be driven interactively
			// (write one case, read one result).
			out.Flush()
		}
		if err == io.EOF {
			out.Flush()
			return
		}
		if err != nil {
			out.Flush()
			fmt.Fprintln(os.Stderr, "kplay-oracle: read:", err)
			status = 2
			return
		}
	}
}

func toCorpusLine(line []byte, res result) (corpusLine, error) {
	var c input
	if err := json.Unmarshal(line, &c); err != nil {
		return corpusLine{}, err
	}
	if res.Phase == "input" {
		return corpusLine{}, fmt.Errorf("bad case: %s", res.Error)
	}
	data := c.Data
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	return corpusLine{
		ID: res.ID, Template: *c.Template, Data: data,
		MissingKey: c.MissingKey, Delims: c.Delims, Name: c.Name, Funcs: c.Funcs,
		Expected: expected{OK: res.OK, Out: res.Out, Phase: res.Phase, Error: res.Error, OutB64: res.OutB64},
	}, nil
}

func runLine(line []byte) (res result) {
	var c input
	if err := json.Unmarshal(line, &c); err != nil {
		return result{ID: json.RawMessage("null"), Phase: "input", Error: "bad input line: " + err.Error()}
	}
	if len(c.ID) == 0 {
		c.ID = json.RawMessage("null")
	}
	res.ID = c.ID
	fail := func(phase, msg string) result {
		return result{ID: c.ID, Phase: phase, Error: msg}
	}
	if c.Template == nil {
		return fail("input", `missing "template"`)
	}
	data, err := decodeData(c.Data)
	if err != nil {
		return fail("input", "bad data: "+err.Error())
	}
	name := c.Name
	if name == "" {
		name = defaultName
	}
	t := template.New(name)
	switch c.Funcs {
	case "sprig":
		t.Funcs(sprigFuncs)
	case "", "kubekey":
		bindKubekeyFuncs(t)
	default:
		return fail("input", "bad funcs: "+strconv.Quote(c.Funcs))
	}
	switch c.MissingKey {
	case "", "default", "invalid", "zero", "error":
		if c.MissingKey != "" {
			t.Option("missingkey=" + c.MissingKey)
		}
	default:
		return fail("input", "bad missingkey: "+strconv.Quote(c.MissingKey))
	}
	if c.Delims != nil {
		if len(c.Delims) != 2 {
			return fail("input", "delims must be a 2-element array")
		}
		t.Delims(c.Delims[0], c.Delims[1])
	}

	// text/template converts panics inside called functions into errors, but
	// a few panics escape (runtime errors in the engine itself). Never let a
	// single case take the whole stream down.
	phase := "parse"
	defer func() {
		if r := recover(); r != nil {
			res = fail(phase, fmt.Sprintf("panic: %v", r))
		}
	}()

	t, err = t.Parse(*c.Template)
	if err != nil {
		return fail("parse", err.Error())
	}
	phase = "exec"
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fail("exec", err.Error())
	}
	s := buf.String()
	res = result{ID: c.ID, OK: true, Out: &s}
	if !utf8.ValidString(s) {
		res.OutB64 = base64.StdEncoding.EncodeToString(buf.Bytes())
		v := strings.ToValidUTF8(s, "\uFFFD")
		res.Out = &v
	}
	return res
}

// decodeData decodes JSON the way a YAML-loaded Go value would look:
// objects -> map[string]interface{}, arrays -> []interface{}, strings ->
// string, booleans -> bool, null -> nil, and numbers by their lexical form:
// an integer literal (no '.', 'e' or 'E') that fits in int64 -> int,
// anything else -> float64.
func decodeData(raw json.RawMessage) (interface{}, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return convert(v)
}

func convert(v interface{}) (interface{}, error) {
	switch x := v.(type) {
	case map[string]interface{}:
		for k, e := range x {
			c, err := convert(e)
			if err != nil {
				return nil, err
			}
			x[k] = c
		}
		return x, nil
	case []interface{}:
		// A YAML-loaded list has exactly its length as capacity (yaml.v3 makes it so);
		// encoding/json's appends leave spare capacity, which slice/mustSlice could reach.
		out := make([]interface{}, len(x))
		for i, e := range x {
			c, err := convert(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case json.Number:
		return convertNumber(string(x))
	default:
		return v, nil
	}
}

func convertNumber(s string) (interface{}, error) {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			if int64(int(i)) == i {
				return int(i), nil
			}
			return i, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !(math.IsInf(f, 0)) {
		return nil, err
	}
	return f, nil
}
