// native.go declares go.starlark.net's methods it wraps without bodies
// (go:linkname); this empty file lets the compiler accept that.
