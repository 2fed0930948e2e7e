package shardedmap

import (
	"bytes"
	"encoding/json"
)

// MarshalJSON implements json.Marshaler: json.Marshal of a *Map gives
// exactly the JSON of the plain map m.Clone(), HTML escaping included (the
// caller's encoder does it). A nil *Map encodes as null, like a nil map.
func (m *Map[K, V]) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m.Clone()); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON implements json.Unmarshaler: it decodes a JSON object as
// json.Unmarshal does into a plain map[K]V and stores its entries into m,
// keeping the entries already there, as json does with a non-nil map. On a
// type error it stores what json decoded and returns the error. JSON null
// leaves m unchanged (json.Unmarshal itself sets a *Map field to nil). It
// panics on a nil *Map.
func (m *Map[K, V]) UnmarshalJSON(b []byte) error {
	if m == nil {
		panicNil("UnmarshalJSON")
	}
	var tmp map[K]V
	err := json.Unmarshal(b, &tmp)
	for k, v := range tmp {
		m.Store(k, v)
	}
	return err
}
