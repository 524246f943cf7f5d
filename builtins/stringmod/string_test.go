package stringmod

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestTemplateCodec: a Template's state rebuilds an equal Template.
func TestTemplateCodec(t *testing.T) {
	typ, state := New("$a ${b}").CodecState()
	v, err := decodeTemplate(state)
	if err != nil || typ != templateType || v.(*Template).text != "$a ${b}" {
		t.Fatalf("decode: %v %v %v", typ, v, err)
	}
	out, err := v.(*Template).substitute(nil, nil, []starlark.Tuple{{starlark.String("a"), starlark.MakeInt(1)}, {starlark.String("b"), starlark.String("x")}}, false)
	if err != nil || out != starlark.String("1 x") {
		t.Errorf("substitute = %v, %v", out, err)
	}
}
