// Command probe is the Go side of the regexp differential fuzzer (../run.ts): for each JSON line
// {p, s, r, n} it prints what Go's regexp makes of pattern p on text s (compile error, subexp
// names, MatchString, FindString, FindAllStringSubmatchIndex as texts, ReplaceAllString with r,
// ReplaceAllLiteralString with r, Split with n).
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
)

type in struct {
	P string `json:"p"`
	S string `json:"s"`
	R string `json:"r"`
	N int    `json:"n"`
}
type out struct {
	Err   string     `json:"err,omitempty"`
	Names []string   `json:"names,omitempty"`
	Match bool       `json:"match"`
	Find  string     `json:"find"`
	All   [][]*string `json:"all"`
	Repl  string     `json:"repl"`
	Lit   string     `json:"lit"`
	Split []string   `json:"split"`
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for sc.Scan() {
		var c in
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			panic(err)
		}
		re, err := regexp.Compile(c.P)
		if err != nil {
			enc.Encode(out{Err: err.Error()})
			continue
		}
		o := out{Names: re.SubexpNames(), Match: re.MatchString(c.S), Find: re.FindString(c.S), Repl: re.ReplaceAllString(c.S, c.R), Lit: re.ReplaceAllLiteralString(c.S, c.R), Split: re.Split(c.S, c.N)}
		for _, m := range re.FindAllStringSubmatchIndex(c.S, c.N) {
			row := []*string{}
			for i := 0; i < len(m); i += 2 {
				if m[i] < 0 {
					row = append(row, nil)
				} else {
					t := c.S[m[i]:m[i+1]]
					row = append(row, &t)
				}
			}
			o.All = append(o.All, row)
		}
		enc.Encode(o)
	}
}
