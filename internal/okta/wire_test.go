package okta

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestProfileFlattening(t *testing.T) {
	var p wireProfile
	raw := `{"login":"a@acme.com","age":42,"ratio":1.50,"vip":true,"nick":null,"langs":["en","fr",null,3],"empty":[],"addr":{"city": "Paris"}}`
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	got := p.flatten()
	want := map[string]string{"login": "a@acme.com", "age": "42", "ratio": "1.50", "vip": "true", "langs": `["en","fr",null,3]`, "empty": "[]", "addr": `{"city":"Paris"}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flatten = %v, want %v", got, want)
	}
}

func TestTimestamps(t *testing.T) {
	var w struct {
		A, B, C wireTime
	}
	if err := json.Unmarshal([]byte(`{"A":"2024-05-06T07:08:09.123+02:00","B":null}`), &w); err != nil {
		t.Fatal(err)
	}
	if got := w.A.utc(); !got.Equal(time.Date(2024, 5, 6, 5, 8, 9, 123e6, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("A = %v", got)
	}
	if !w.B.utc().IsZero() || !w.C.utc().IsZero() {
		t.Error("null or missing timestamps are not zero")
	}
	if err := json.Unmarshal([]byte(`{"A":"yesterday"}`), &w); err == nil {
		t.Error("bad timestamp accepted")
	}
}
