package main

// The KubeKey template functions, written from the dialect spec
// (templates.md §6.2), so the oracle renders "funcs":"kubekey" cases the way
// KubeKey's own Go code would.

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"net"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig/v3"
	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// includeDepthLimit is how often one name may be nested in include calls.
const includeDepthLimit = 1000

// bindKubekeyFuncs installs the KubeKey function map on t. include and tpl
// need the template set they run in, so they close over t.
func bindKubekeyFuncs(t *template.Template) {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	f["toYaml"] = toYAML
	f["fromYaml"] = fromYAML
	f["toToml"] = toTOML
	f["fromTOML"] = fromTOML
	f["ipInCIDR"] = ipInCIDR
	f["ipFamily"] = ipFamily
	f["isIP"] = isIP
	f["pow"] = pow
	f["subtractList"] = subtractList
	f["fileExists"] = fileExists
	f["unquote"] = unquote
	f["getStringSlice"] = getStringSlice
	f["mapToNamedStringArgs"] = mapToNamedStringArgs
	f["toLowerByteUnit"] = toLowerByteUnit
	f["toBool"] = toBool
	addTemplateFuncs(f, t)
	t.Funcs(f)
}

func addTemplateFuncs(f template.FuncMap, t *template.Template) {
	depth := map[string]int{}
	f["include"] = func(name string, data interface{}) (string, error) {
		if depth[name] > includeDepthLimit {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		depth[name]++
		defer func() { depth[name]-- }()
		var buf strings.Builder
		err := t.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := t.Clone()
		if err != nil {
			return "", err
		}
		// The clone gets its own include/tpl so that defines made inside the
		// tpl text are visible to include calls inside it.
		own := template.FuncMap{}
		addTemplateFuncs(own, clone)
		clone.Funcs(own)
		nt, err := clone.New(t.Name()).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var buf strings.Builder
		if err := nt.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}

func toYAML(v interface{}) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	if err := enc.Close(); err != nil {
		return ""
	}
	return strings.TrimSpace(buf.String())
}

func fromYAML(s string) (interface{}, error) {
	var out interface{}
	err := yaml.Unmarshal([]byte(s), &out)
	return out, err
}

func toTOML(v interface{}) string {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(v); err != nil {
		return ""
	}
	return buf.String()
}

func fromTOML(s string) (interface{}, error) {
	var out map[string]interface{}
	if _, err := toml.Decode(s, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func ipInCIDR(cidrs string) ([]string, error) {
	ips := make([]string, 0)
	for _, s := range strings.Split(cidrs, ",") {
		ips = append(ips, expandIPSpec(s)...)
	}
	return ips, nil
}

// expandIPSpec handles one comma-separated element of ipInCIDR.
func expandIPSpec(spec string) []string {
	spec = strings.TrimRight(spec, "/")
	switch {
	case strings.Contains(spec, "/"):
		if strings.HasSuffix(spec, "/32") || strings.HasSuffix(spec, "/128") {
			return []string{strings.Split(spec, "/")[0]}
		}
		return networkAddresses(spec)
	case strings.Contains(spec, "-"):
		parts := strings.SplitN(spec, "-", 2)
		return rangeAddresses(parts[0], parts[1])
	default:
		return []string{spec}
	}
}

func rangeAddresses(from, to string) []string {
	var out []string
	a, b := net.ParseIP(from), net.ParseIP(to)
	if a == nil || b == nil {
		return out
	}
	if a.To4() != nil && b.To4() != nil {
		for n := ipToInt(a.To4()); n.Cmp(ipToInt(b.To4())) <= 0; n.Add(n, big.NewInt(1)) {
			out = append(out, intToIP(n, 4).String())
		}
		return out
	}
	for n := ipToInt(a.To16()); n.Cmp(ipToInt(b.To16())) <= 0; n.Add(n, big.NewInt(1)) {
		out = append(out, intToIPUnpadded(n).String())
	}
	return out
}

func networkAddresses(spec string) []string {
	var out []string
	spec = strings.TrimSpace(spec)
	if parts := strings.Split(spec, "/"); strings.Contains(parts[1], ".") {
		spec = parts[0] + "/" + dottedMaskBits(parts[1])
	}
	_, ipnet, err := net.ParseCIDR(spec)
	if err != nil {
		return out
	}
	ip := ipnet.IP
	if len(ip) == net.IPv4len {
		ip = ip.To4()
	}
	first := make(net.IP, len(ip))
	copy(first, ip.Mask(ipnet.Mask))
	last := make(net.IP, len(first))
	for i := range first {
		last[i] = first[i] | ^ipnet.Mask[i]
	}
	if first.To4() != nil {
		end := ipToInt(last.To4())
		for n := new(big.Int).Add(ipToInt(first.To4()), big.NewInt(1)); n.Cmp(end) < 0; n.Add(n, big.NewInt(1)) {
			out = append(out, intToIP(n, 4).String())
		}
		return out
	}
	end := ipToInt(last)
	for n := ipToInt(first); n.Cmp(end) <= 0; n.Add(n, big.NewInt(1)) {
		out = append(out, intToIPUnpadded(n).String())
	}
	return out
}

func dottedMaskBits(mask string) string {
	parts := strings.Split(mask, ".")
	if len(parts) != 4 {
		return "0"
	}
	var b [4]byte
	for i, p := range parts {
		v, _ := strconv.Atoi(p)
		b[i] = byte(v)
	}
	ones, _ := net.IPv4Mask(b[0], b[1], b[2], b[3]).Size()
	return strconv.Itoa(ones)
}

func ipToInt(ip net.IP) *big.Int {
	return new(big.Int).SetBytes(ip)
}

func intToIP(n *big.Int, size int) net.IP {
	b := n.Bytes()
	out := make([]byte, size)
	copy(out[size-len(b):], b)
	return net.IP(out)
}

// intToIPUnpadded reproduces KubeKey's IPv6 conversion, which does not pad
// leading zero bytes (so "::1" comes out as "?01").
func intToIPUnpadded(n *big.Int) net.IP {
	return net.IP(n.Bytes())
}

func ipFamily(addrOrCIDR string) (string, error) {
	ip := net.ParseIP(addrOrCIDR)
	if ip == nil {
		fromCIDR, _, err := net.ParseCIDR(addrOrCIDR)
		if err != nil {
			return "Invalid", fmt.Errorf("%s is not ip or cidr", addrOrCIDR)
		}
		ip = fromCIDR
	}
	if ip.To4() != nil {
		return "IPv4", nil
	}
	return "IPv6", nil
}

func isIP(s string) bool {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	return net.ParseIP(s) != nil
}

func pow(base, exp float64) (float64, error) {
	return math.Pow(base, exp), nil
}

func listValues(name string, v interface{}) ([]interface{}, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("%s: expected a list, got %T", name, v)
	}
	out := make([]interface{}, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

func subtractList(a, b interface{}) ([]interface{}, error) {
	as, err := listValues("subtractList", a)
	if err != nil {
		return nil, err
	}
	bs, err := listValues("subtractList", b)
	if err != nil {
		return nil, err
	}
	set := make(map[interface{}]struct{}, len(bs))
	for _, v := range bs {
		set[v] = struct{}{}
	}
	result := make([]interface{}, 0, len(as))
	for _, v := range as {
		if _, found := set[v]; !found {
			result = append(result, v)
		}
	}
	return result, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func unquote(input interface{}) string {
	s, ok := input.(string)
	if !ok {
		return ""
	}
	out, err := strconv.Unquote(s)
	if err != nil {
		return s
	}
	return out
}

func getStringSlice(d map[string][]string, key string) []string {
	if v, ok := d[key]; ok {
		return v
	}
	return nil
}

func mapToNamedStringArgs(m interface{}) []map[string]string {
	out := []map[string]string{}
	rv := reflect.ValueOf(m)
	if m == nil || rv.Kind() != reflect.Map {
		return out
	}
	type entry struct{ name, value string }
	entries := make([]entry, 0, rv.Len())
	iter := rv.MapRange()
	for iter.Next() {
		entries = append(entries, entry{fmt.Sprint(iter.Key().Interface()), fmt.Sprintf("%v", iter.Value().Interface())})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	for _, e := range entries {
		out = append(out, map[string]string{"name": e.name, "value": e.value})
	}
	return out
}

var byteUnitPattern = regexp.MustCompile(`^(\d+)([KMGTPE]i)$`)

func toLowerByteUnit(s string) string {
	m := byteUnitPattern.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	return m[1] + strings.ToLower(m[2][:1])
}

func toBool(v interface{}) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		return strconv.ParseBool(x)
	case nil:
		return false, fmt.Errorf("cannot convert <nil> to bool")
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint() != 0, nil
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0, nil
	}
	return false, fmt.Errorf("cannot convert %T to bool", v)
}
