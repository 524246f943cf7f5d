package jsonmod

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/dialect"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

func run(src string, extra starlark.StringDict) (starlark.StringDict, string, error) {
	var out bytes.Buffer
	thread := &starlark.Thread{Name: "test", Print: func(_ *starlark.Thread, msg string) {
		out.WriteString(msg + "\n")
	}}
	procenv.Set(thread, &procenv.Env{Ctx: context.Background(), Stdout: &out, Stderr: &out})
	pre := starlark.StringDict{"json": Module()}
	for k, v := range extra {
		pre[k] = v
	}
	g, err := starlark.ExecFileOptions(dialect.Options, thread, "test.star", src, pre)
	return g, out.String(), err
}

func result(v starlark.Value, err error) string {
	if err != nil {
		typ, msg := pyerr.Classify(err)
		return "ERR " + typ + ": " + msg
	}
	s, ok := starlark.AsString(v)
	if !ok {
		return "NOT A STRING " + v.String()
	}
	return "OK " + s
}

func wantErr(t *testing.T, src, typ, msg string) {
	t.Helper()
	_, _, err := run(src, nil)
	if err == nil {
		t.Fatalf("%s: no error, want %s: %s", src, typ, msg)
	}
	gotTyp, gotMsg := pyerr.Classify(err)
	if gotTyp != typ || gotMsg != msg {
		t.Errorf("%s:\n got %s: %s\nwant %s: %s", src, gotTyp, gotMsg, typ, msg)
	}
}

// The wanted outputs below were produced by CPython 3.11's json module
// (python3 -c 'import json; print(json.dumps(...))'), with Python-only
// spellings (set literals, **) rewritten for Starlark.
var dumpsCases = []struct{ expr, kwargs, want string }{
	{"{\"a\": [1, 2.5, None, True, False], \"b\": (1,), \"c\": {}}", "", "OK {\"a\": [1, 2.5, null, true, false], \"b\": [1], \"c\": {}}"},
	{"{\"a\": [1, 2.5, None, True, False], \"b\": (1,), \"c\": {}, \"d\": [], \"e\": [[]]}", "indent=2", "OK {\n  \"a\": [\n    1,\n    2.5,\n    null,\n    true,\n    false\n  ],\n  \"b\": [\n    1\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": [\n    []\n  ]\n}"},
	{"{\"a\": [1, {\"x\": [1, 2]}], \"b\": \"s\"}", "indent=4", "OK {\n    \"a\": [\n        1,\n        {\n            \"x\": [\n                1,\n                2\n            ]\n        }\n    ],\n    \"b\": \"s\"\n}"},
	{"[1, [2, [3]]]", "indent=0", "OK [\n1,\n[\n2,\n[\n3\n]\n]\n]"},
	{"[1, [2, [3]]]", "indent=\"\\t\"", "OK [\n\t1,\n\t[\n\t\t2,\n\t\t[\n\t\t\t3\n\t\t]\n\t]\n]"},
	{"[1, 2]", "indent=-1", "OK [\n1,\n2\n]"},
	{"[]", "indent=2", "OK []"},
	{"{}", "indent=2", "OK {}"},
	{"\"x\"", "indent=2", "OK \"x\""},
	{"{\"b\": 1, \"a\": 2, \"c\": {\"z\": 1, \"y\": 2}}", "sort_keys=True", "OK {\"a\": 2, \"b\": 1, \"c\": {\"y\": 2, \"z\": 1}}"},
	{"{\"b\": 1, \"a\": 2}", "sort_keys=True, indent=1", "OK {\n \"a\": 2,\n \"b\": 1\n}"},
	{"{2: 1, 1: 2, 1.5: 3}", "sort_keys=True", "OK {\"1\": 2, \"1.5\": 3, \"2\": 1}"},
	{"{1: \"a\", 2.5: \"b\", None: \"d\", -3: \"e\", False: 0, 100000000000000000000: 1}", "", "OK {\"1\": \"a\", \"2.5\": \"b\", \"null\": \"d\", \"-3\": \"e\", \"false\": 0, \"100000000000000000000\": 1}"},
	{"{True: 1}", "", "OK {\"true\": 1}"},
	{"{1.0: 1, 1e100: 2, 0.1: 3, -0.0: 4, float(\"nan\"): 5, float(\"inf\"): 6}", "", "OK {\"1.0\": 1, \"1e+100\": 2, \"0.1\": 3, \"-0.0\": 4, \"NaN\": 5, \"Infinity\": 6}"},
	{"\"h\\u00e9llo \\u4e2d\\u6587 \\U0001F600 \\x00\\x1f\\x7f \\\" \\\\ \\n\\r\\t\\b\\f /\"", "", "OK \"h\\u00e9llo \\u4e2d\\u6587 \\ud83d\\ude00 \\u0000\\u001f\\u007f \\\" \\\\ \\n\\r\\t\\b\\f /\""},
	{"\"h\\u00e9llo \\U0001F600 \\x7f \\x01\\n\"", "ensure_ascii=False", "OK \"h\u00e9llo \U0001f600 \x7f \\u0001\\n\""},
	{"{\"\\u00e9\": \"\\u00e9\"}", "", "OK {\"\\u00e9\": \"\\u00e9\"}"},
	{"[1.0, 0.5, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 1.5e-7, 1e100, 1e308, 5e-324, -2.5, 0.1, 0.2+0.1, 1/3, 9007199254740992.0, 100.0, 1e22, 123.456, -0.0, 1e6]", "", "OK [1.0, 0.5, 1e+16, 1000000000000000.0, 1.2345678901234568e+17, 0.0001, 1e-05, 1.5e-07, 1e+100, 1e+308, 5e-324, -2.5, 0.1, 0.30000000000000004, 0.3333333333333333, 9007199254740992.0, 100.0, 1e+22, 123.456, -0.0, 1000000.0]"},
	{"[float(\"nan\"), float(\"inf\"), -float(\"inf\")]", "", "OK [NaN, Infinity, -Infinity]"},
	{"[123456789012345678901234567890, -1, 0, -9223372036854775808]", "", "OK [123456789012345678901234567890, -1, 0, -9223372036854775808]"},
	{"{\"a\": 1, \"b\": [1, 2]}", "separators=(\",\", \":\")", "OK {\"a\":1,\"b\":[1,2]}"},
	{"{\"a\": 1, \"b\": [1, 2]}", "indent=2, separators=(\", \", \" = \")", "OK {\n  \"a\" = 1, \n  \"b\" = [\n    1, \n    2\n  ]\n}"},
	{"{\"a\": {}, \"b\": [], \"c\": [{}], \"d\": {\"e\": []}}", "indent=3", "OK {\n   \"a\": {},\n   \"b\": [],\n   \"c\": [\n      {}\n   ],\n   \"d\": {\n      \"e\": []\n   }\n}"},
	{"{\"outer\": {\"inner\": [1, {\"deep\": [True, None, \"x\"]}], \"n\": 1.5}, \"list\": [[1, 2], [3, [4, []]]]}", "indent=2", "OK {\n  \"outer\": {\n    \"inner\": [\n      1,\n      {\n        \"deep\": [\n          true,\n          null,\n          \"x\"\n        ]\n      }\n    ],\n    \"n\": 1.5\n  },\n  \"list\": [\n    [\n      1,\n      2\n    ],\n    [\n      3,\n      [\n        4,\n        []\n      ]\n    ]\n  ]\n}"},
	{"{\"outer\": {\"inner\": [1, {\"deep\": [True, None, \"x\"]}], \"n\": 1.5}, \"list\": [[1, 2], [3, [4, []]]]}", "", "OK {\"outer\": {\"inner\": [1, {\"deep\": [true, null, \"x\"]}], \"n\": 1.5}, \"list\": [[1, 2], [3, [4, []]]]}"},
	{"{\"z\": [3, 2, 1], \"a\": {\"y\": 1, \"b\": 2}}", "indent=2, sort_keys=True", "OK {\n  \"a\": {\n    \"b\": 2,\n    \"y\": 1\n  },\n  \"z\": [\n    3,\n    2,\n    1\n  ]\n}"},
	{"{(1, 2): 3}", "", "ERR TypeError: keys must be str, int, float, bool or None, not tuple"},
	{"{(1, 2): 3, \"a\": 1}", "skipkeys=True", "OK {\"a\": 1}"},
	{"{\"a\": 1, 1: 2}", "sort_keys=True", "ERR TypeError: '<' not supported between instances of 'int' and 'str'"},
	{"{1: 1, \"a\": 2}", "sort_keys=True", "ERR TypeError: '<' not supported between instances of 'str' and 'int'"},
	{"{\"x\": set([1])}", "", "ERR TypeError: Object of type set is not JSON serializable"},
	{"[b\"x\"]", "", "ERR TypeError: Object of type bytes is not JSON serializable"},
	{"(1, (2, 3))", "", "OK [1, [2, 3]]"},
}

var loadsCases = []struct{ in, want string }{
	{"\"\\uZZZZ\"", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"\"\\u12", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"\"\\u12\"", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"\"\\u123", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"\"\\u1234", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"\"\\ud800\\u12\"", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)"},
	{"\"\\ud800\\uzzzz\"", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 9 (char 8)"},
	{"\"\\ud83d\\ude00x\"", "OK \"\\ud83d\\ude00x\""},
	{"\"\\x\"", "ERR json.JSONDecodeError: Invalid \\escape: line 1 column 2 (char 1)"},
	{"\"a\nb\"", "ERR json.JSONDecodeError: Invalid control character at: line 1 column 3 (char 2)"},
	{"\"abc", "ERR json.JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)"},
	{"[1,", "ERR json.JSONDecodeError: Expecting value: line 1 column 4 (char 3)"},
	{"[1,]", "ERR json.JSONDecodeError: Expecting value: line 1 column 4 (char 3)"},
	{"{\"a\":1,}", "ERR json.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"},
	{"{", "ERR json.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
	{"[", "ERR json.JSONDecodeError: Expecting value: line 1 column 2 (char 1)"},
	{"", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
	{" ", "ERR json.JSONDecodeError: Expecting value: line 1 column 2 (char 1)"},
	{"-", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
	{"01", "ERR json.JSONDecodeError: Extra data: line 1 column 2 (char 1)"},
	{"1.", "ERR json.JSONDecodeError: Extra data: line 1 column 2 (char 1)"},
	{"1e", "ERR json.JSONDecodeError: Extra data: line 1 column 2 (char 1)"},
	{"1e+", "ERR json.JSONDecodeError: Extra data: line 1 column 2 (char 1)"},
	{"1.5e", "ERR json.JSONDecodeError: Extra data: line 1 column 4 (char 3)"},
	{"[1 2]", "ERR json.JSONDecodeError: Expecting ',' delimiter: line 1 column 4 (char 3)"},
	{"{\"a\" 1}", "ERR json.JSONDecodeError: Expecting ':' delimiter: line 1 column 6 (char 5)"},
	{"{1:2}", "ERR json.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
	{"nul", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
	{"-Infinity", "OK -Infinity"},
	{"-Inf", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
	{"NaN", "OK NaN"},
	{"1 x", "ERR json.JSONDecodeError: Extra data: line 1 column 3 (char 2)"},
	{"\ufeff1", "ERR json.JSONDecodeError: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
	{"\"\\", "ERR json.JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)"},
	{"\"\\u", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"\"\\u\"", "ERR json.JSONDecodeError: Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
	{"{\"a\":}", "ERR json.JSONDecodeError: Expecting value: line 1 column 6 (char 5)"},
	{"{\"a\":1 \"b\":2}", "ERR json.JSONDecodeError: Expecting ',' delimiter: line 1 column 8 (char 7)"},
	{"[1, 2.5, -0, -0.0, 1e5, 1E+2, 1e-400, 1e400, 12345678901234567890123, -12345678901234567890, 0.1]", "OK [1, 2.5, 0, -0.0, 100000.0, 100.0, 0.0, Infinity, 12345678901234567890123, -12345678901234567890, 0.1]"},
	{" {\"a\" : [true, false, null], \"b\": {\"c\": \"d\\u00e9\\\"\\\\\\/\\b\\f\\n\\r\\t\"}} \n", "OK {\"a\": [true, false, null], \"b\": {\"c\": \"d\\u00e9\\\"\\\\/\\b\\f\\n\\r\\t\"}}"},
	{"\"\u00e9\u4e2d\"", "OK \"\\u00e9\\u4e2d\""},
	{"\"\u00e9\u4e2d", "ERR json.JSONDecodeError: Unterminated string starting at: line 1 column 1 (char 0)"},
	{"[\"\u00e9\", x]", "ERR json.JSONDecodeError: Expecting value: line 1 column 7 (char 6)"},
	{"\n\n  [1,\n 2 x]", "ERR json.JSONDecodeError: Expecting ',' delimiter: line 4 column 4 (char 11)"},
	{"{\"a\":1, \"a\":2, \"b\":3}", "OK {\"a\": 2, \"b\": 3}"},
	{"[[[]]]", "OK [[[]]]"},
	{"{\"\":{}}", "OK {\"\": {}}"},
	{"-01", "ERR json.JSONDecodeError: Extra data: line 1 column 3 (char 2)"},
	{"-a", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
	{"2.e5", "ERR json.JSONDecodeError: Extra data: line 1 column 2 (char 1)"},
	{".5", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
	{"1.0e", "ERR json.JSONDecodeError: Extra data: line 1 column 4 (char 3)"},
	{"1e5.0", "ERR json.JSONDecodeError: Extra data: line 1 column 4 (char 3)"},
	{"\"\t\"", "ERR json.JSONDecodeError: Invalid control character at: line 1 column 2 (char 1)"},
	{"\"\x7f\"", "OK \"\\u007f\""},
	{"[1,\n\u00e9]", "ERR json.JSONDecodeError: Expecting value: line 2 column 1 (char 4)"},
	{"true false", "ERR json.JSONDecodeError: Extra data: line 1 column 6 (char 5)"},
	{"truex", "ERR json.JSONDecodeError: Extra data: line 1 column 5 (char 4)"},
	{"[NaN, Infinity, -Infinity]", "OK [NaN, Infinity, -Infinity]"},
	{"\"\\/\"", "OK \"/\""},
	{"123abc", "ERR json.JSONDecodeError: Extra data: line 1 column 4 (char 3)"},
	{"   ", "ERR json.JSONDecodeError: Expecting value: line 1 column 4 (char 3)"},
	{"{\"\u00e9\u00e9\": 1, \"b\": [1, 2, {\"c\": x}]}", "ERR json.JSONDecodeError: Expecting value: line 1 column 29 (char 28)"},
	{"\u00e9", "ERR json.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"},
}

func TestDumpsMatchesPython(t *testing.T) {
	for _, tc := range dumpsCases {
		args := tc.expr
		if tc.kwargs != "" {
			args += ", " + tc.kwargs
		}
		g, _, err := run("out = json.dumps("+args+")", nil)
		var got string
		if err != nil {
			got = result(nil, err)
		} else {
			got = result(g["out"], nil)
		}
		if got != tc.want {
			t.Errorf("json.dumps(%s):\n got %q\nwant %q", args, got, tc.want)
		}
	}
}

func TestLoadsMatchesPython(t *testing.T) {
	for _, tc := range loadsCases {
		g, _, err := run("out = json.dumps(json.loads(s))", starlark.StringDict{"s": starlark.String(tc.in)})
		var got string
		if err != nil {
			got = result(nil, err)
		} else {
			got = result(g["out"], nil)
		}
		if got != tc.want {
			t.Errorf("json.loads(%q):\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadsTypes(t *testing.T) {
	_, out, err := run(`
def show(s):
    v = json.loads(s)
    print(type(v), v)
show("1")
show("-0")
show("1.0")
show("1e2")
show("123456789012345678901234567890")
show('"x"')
show("null")
show("true")
show("[1, [2]]")
show('{"a": {"b": []}}')
show(b'{"k": "v"}')
show(b'\xef\xbb\xbf[1]')
show(' \t\n\r 7 \n')
d = json.loads('{"a": 1}')
d["b"] = 2
l = json.loads("[]")
l.append(1)
print(d, l)
x = json.loads("NaN")
print(str(x) == "nan", json.loads("Infinity") > 1e308)
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `int 1
int 0
float 1.0
float 100.0
int 123456789012345678901234567890
string x
NoneType None
bool True
list [1, [2]]
dict {"a": {"b": []}}
dict {"k": "v"}
list [1]
int 7
{"a": 1, "b": 2} [1]
True True
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestRoundTrip(t *testing.T) {
	_, out, err := run(`
v = {"name": "caf\u00e9 \U0001F600", "n": [1, -2.5, 1e+100, True, None], "nested": {"x": {"y": []}}}
s = json.dumps(v)
print(s)
print(json.loads(s) == v)
print(json.loads(json.dumps(v, indent=2)) == v)
print(json.loads(json.dumps(v, ensure_ascii=False)) == v)
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name": "caf\u00e9 \ud83d\ude00", "n": [1, -2.5, 1e+100, true, null], "nested": {"x": {"y": []}}}
True
True
True
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestDump(t *testing.T) {
	var writes []string
	write := starlark.NewBuiltin("write", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var s string
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &s); err != nil {
			return nil, err
		}
		writes = append(writes, s)
		return starlark.MakeInt(len(s)), nil
	})
	f := starlarkstruct.FromStringDict(starlarkstruct.Default, starlark.StringDict{"write": write})
	_, _, err := run(`
r = json.dump({"count": 3, "l": [1]}, f)
if r != None:
    fail(r)
json.dump([1, {"a": None}], f, indent=2)
json.dump({"b": 1, "a": 2}, fp=f, sort_keys=True)
`, starlark.StringDict{"f": f})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"count": 3, "l": [1]}`, "[\n  1,\n  {\n    \"a\": null\n  }\n]", `{"a": 2, "b": 1}`}
	if strings.Join(writes, "|") != strings.Join(want, "|") {
		t.Errorf("writes = %q, want %q", writes, want)
	}

	// Errors of f.write propagate.
	bad := starlarkstruct.FromStringDict(starlarkstruct.Default, starlark.StringDict{
		"write": starlark.NewBuiltin("write", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return nil, pyerr.New(pyerr.OSError, "disk full")
		}),
	})
	_, _, err = run(`json.dump(1, f)`, starlark.StringDict{"f": bad})
	if typ, msg := pyerr.Classify(err); typ != pyerr.OSError || msg != "disk full" {
		t.Errorf("dump to failing writer: %s: %s", typ, msg)
	}
	// Nothing is written when encoding fails.
	writes = nil
	_, _, err = run(`json.dump({"a": set()}, f)`, starlark.StringDict{"f": f})
	if err == nil || len(writes) != 0 {
		t.Errorf("err = %v, writes = %q", err, writes)
	}
}

func TestErrors(t *testing.T) {
	wantErr(t, "l = [1]\nl.append(l)\njson.dumps(l)", pyerr.ValueError, "Circular reference detected")
	wantErr(t, "d = {}\nd[\"self\"] = [d]\njson.dumps(d, indent=2)", pyerr.ValueError, "Circular reference detected")
	wantErr(t, `json.dumps(1, 2)`, pyerr.TypeError, "dumps() takes 1 positional argument but 2 were given")
	wantErr(t, `json.dump(1, 2, 3)`, pyerr.TypeError, "dump() takes 2 positional arguments but 3 were given")
	wantErr(t, `json.dumps()`, pyerr.TypeError, "dumps() missing 1 required positional argument: 'obj'")
	wantErr(t, `json.dumps(1, foo=1)`, pyerr.TypeError, "dumps() got an unexpected keyword argument 'foo'")
	wantErr(t, `json.dumps(1, indent=1.5)`, pyerr.TypeError, "dumps: for parameter indent: got float, want int, str or None")
	wantErr(t, `json.dumps(1, separators=(",",))`, pyerr.ValueError, "not enough values to unpack (expected 2, got 1)")
	wantErr(t, `json.dumps(1, separators=(",", 1))`, pyerr.TypeError, "dumps: separators must be a (item_separator, key_separator) pair of strings")
	wantErr(t, `json.dumps(json)`, pyerr.TypeError, "Object of type module is not JSON serializable")
	wantErr(t, `json.dumps([len])`, pyerr.TypeError, "Object of type builtin_function_or_method is not JSON serializable")
	wantErr(t, `json.dump(1, 2)`, "AttributeError", "'int' object has no attribute 'write'")
	wantErr(t, `json.loads(1)`, pyerr.TypeError, "the JSON object must be str, bytes or bytearray, not int")
	wantErr(t, `json.loads(None)`, pyerr.TypeError, "the JSON object must be str, bytes or bytearray, not NoneType")
	// CPython 3.12 names the value (3.11 did not).
	wantErr(t, `json.dumps([1, float("-inf")], allow_nan=False)`, pyerr.ValueError, "Out of range float values are not JSON compliant: -inf")
	wantErr(t, `json.dumps([float("nan")], allow_nan=False)`, pyerr.ValueError, "Out of range float values are not JSON compliant: nan")
	wantErr(t, `json.loads()`, pyerr.TypeError, "loads() missing 1 required positional argument: 's'")
	wantErr(t, `json.loads("[1,")`, DecodeError, "Expecting value: line 1 column 4 (char 3)")
	wantErr(t, `json.loads("[" * 20000)`, "RecursionError", "maximum recursion depth exceeded while decoding a JSON array from a unicode string")
	wantErr(t, `json.loads("{\"a\":" * 20000)`, "RecursionError", "maximum recursion depth exceeded while decoding a JSON object from a unicode string")
}

func TestStarlarkFunctions(t *testing.T) {
	_, out, err := run(`
print(json.encode({"a": [1, 2.5, None]}))
print(json.decode('{"a": [1, 2]}'))
print(json.indent('{"a":1}'))
print(json.encode_indent([1], indent=" "))
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"a\":[1,2.5,null]}\n{\"a\": [1, 2]}\n{\n\t\"a\": 1\n}\n[\n 1\n]\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestGoAPI(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1.0", 1e16: "1e+16", 1e15: "1000000000000000.0", 1e-5: "1e-05", 0.0001: "0.0001",
		math.Inf(1): "inf", math.Inf(-1): "-inf", math.NaN(): "nan", math.Copysign(0, -1): "-0.0", 5e-324: "5e-324",
	} {
		if got := FloatRepr(f); got != want {
			t.Errorf("FloatRepr(%v) = %q, want %q", f, got, want)
		}
	}
	s, err := Encode(starlark.NewList([]starlark.Value{starlark.String("é"), starlark.Float(2)}))
	if err != nil || s != `["\u00e9", 2.0]` {
		t.Errorf("Encode = %q, %v", s, err)
	}
	_, err = Decode("[")
	var pe *pyerr.Error
	if !errors.As(err, &pe) || pe.Type != DecodeError || pe.Message != "Expecting value: line 1 column 2 (char 1)" {
		t.Errorf("Decode error = %#v", err)
	}
}

// TestIntDigitLimit: an int of more than 4300 digits is refused before it
// is parsed (a 1M-digit int took 8 s to parse) or written, as in Python 3.11.
func TestIntDigitLimit(t *testing.T) {
	const msg = "Exceeds the limit (4300 digits) for integer string conversion: value has 1000000 digits; use sys.set_int_max_str_digits() to increase the limit"
	wantErr(t, `json.loads('{"n": -' + "7" * 1000000 + '}')`, pyerr.ValueError, msg)
	wantErr(t, `json.dumps([1, {"a": int("9" * 4300) * 10}])`, pyerr.ValueError,
		"Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")
	if _, out, err := run(`print(len(json.dumps(json.loads("-" + "9" * 4300))))`, nil); err != nil || out != "4301\n" {
		t.Errorf("4300 digits: %q, %v", out, err)
	}
}
