package main

// Benchmark mode (-bench) of the oracle: npm run bench:template measures Go's
// text/template on the same fixtures as kplay's, in the same run, so the two
// rates share the machine's load. It reads one JSON object on stdin:
//
//	{"name": "when", "funcs": "kubekey", "data": <JSON>,
//	 "shared": true,                   // one func map for every parse (else per template)
//	 "parse": true, "execute": true,   // what each operation does
//	 "warmup": ["..."], "rounds": [["text", ...], ...]}
//
// Each round runs one operation per text of the round; the answer is one JSON
// line with the least disturbed round: {"ops": N, "wallNs": ..., "cpuNs": ...}.
// With "parse": false every distinct text is parsed once up front (with
// "shared", under a name of its own) and only executed.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"syscall"
	"text/template"
	"time"
)

type benchInput struct {
	Name    string          `json:"name"`
	Funcs   string          `json:"funcs"`
	Data    json.RawMessage `json:"data"`
	Shared  bool            `json:"shared"`
	Parse   bool            `json:"parse"`
	Execute bool            `json:"execute"`
	Warmup  []string        `json:"warmup"`
	Rounds  [][]string      `json:"rounds"`
}

type benchResult struct {
	Ops    int   `json:"ops"`
	WallNs int64 `json:"wallNs"`
	CPUNs  int64 `json:"cpuNs"`
	Sink   int   `json:"sink"`
}

func cpuNow() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// newBenchTemplate makes the template one text is parsed into: with a shared
// base, base.New(name) reuses the base's function map (the cheapest way
// text/template offers); otherwise every text gets a fresh template with the
// function map bound anew, as a caller that builds the map per render does.
func newBenchTemplate(in *benchInput, base *template.Template, name string) *template.Template {
	if in.Shared {
		return base.New(name)
	}
	t := template.New(name)
	if in.Funcs == "sprig" {
		t.Funcs(sprigFuncs)
	} else {
		bindKubekeyFuncs(t)
	}
	return t
}

func runBench(r io.Reader, w io.Writer) error {
	var in benchInput
	if err := json.NewDecoder(r).Decode(&in); err != nil {
		return err
	}
	if in.Name == "" {
		in.Name = defaultName
	}
	data, err := decodeData(in.Data)
	if err != nil {
		return err
	}
	base := template.New("bench-base")
	if in.Funcs == "sprig" {
		base.Funcs(sprigFuncs)
	} else {
		bindKubekeyFuncs(base)
	}
	sink := 0
	var buf bytes.Buffer
	op := func(text string, pre *template.Template) error {
		t := pre
		if in.Parse {
			var err error
			if t, err = newBenchTemplate(&in, base, in.Name).Parse(text); err != nil {
				return err
			}
		}
		if in.Execute {
			buf.Reset()
			if err := t.Execute(&buf, data); err != nil {
				return err
			}
			sink += buf.Len()
		} else {
			sink += len(t.Templates())
		}
		return nil
	}
	prepare := func(texts []string) ([]*template.Template, error) {
		pre := make([]*template.Template, len(texts))
		if in.Parse {
			return pre, nil
		}
		parsed := map[string]*template.Template{}
		for i, text := range texts {
			if parsed[text] == nil {
				t, err := newBenchTemplate(&in, base, fmt.Sprintf("%s#%d", in.Name, len(parsed))).Parse(text)
				if err != nil {
					return nil, err
				}
				parsed[text] = t
			}
			pre[i] = parsed[text]
		}
		return pre, nil
	}
	warm, err := prepare(in.Warmup)
	if err != nil {
		return err
	}
	for i, text := range in.Warmup {
		if err := op(text, warm[i]); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	best := benchResult{WallNs: -1, CPUNs: -1}
	for _, texts := range in.Rounds {
		pre, err := prepare(texts)
		if err != nil {
			return err
		}
		c0, t0 := cpuNow(), time.Now()
		for i, text := range texts {
			if err := op(text, pre[i]); err != nil {
				return err
			}
		}
		wall, cpu := time.Since(t0).Nanoseconds(), cpuNow()-c0
		if best.WallNs < 0 || wall < best.WallNs {
			best.WallNs = wall
		}
		if best.CPUNs < 0 || cpu < best.CPUNs {
			best.CPUNs = cpu
		}
		best.Ops = len(texts)
	}
	best.Sink = sink
	return json.NewEncoder(w).Encode(best)
}
