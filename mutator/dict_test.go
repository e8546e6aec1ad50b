package mutator

import (
	"bytes"
	"reflect"
	"sync"
	"testing"
)

// withDictionary runs f with only the given words in the dictionary.
func withDictionary(t *testing.T, texts []string, ints []int64, f func()) {
	t.Helper()
	old := dict.Load()
	dict.Store(nil)
	defer dict.Store(old)
	AddDictionary(texts, ints)
	f()
}

func TestAddDictionaryKeepsWordsOnce(t *testing.T) {
	withDictionary(t, []string{"a", "b", "a"}, []int64{1, -1, 1}, func() {
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				AddDictionary([]string{"b", "c"}, []int64{-1, 7})
			}()
		}
		wg.Wait()
		texts, ints := Dictionary()
		if !reflect.DeepEqual(texts, []string{"a", "b", "c"}) || !reflect.DeepEqual(ints, []int64{1, -1, 7}) {
			t.Fatalf("Dictionary() = %q, %v: want a, b, c and 1, -1, 7 once each, in order", texts, ints)
		}
	})
	withDictionary(t, nil, nil, func() {
		if texts, ints := Dictionary(); texts != nil || ints != nil {
			t.Fatalf("an empty dictionary: %q, %v", texts, ints)
		}
	})
}

// Strings, byte slices and integers reach the dictionary's words.
func TestMutationsDrawFromTheDictionary(t *testing.T) {
	type req struct {
		Method string
		Body   []byte
		Port   uint16
		Code   int8 `fuzz:"min=-5,max=5"`
	}
	withDictionary(t, []string{"POST", "X-Token"}, []int64{4242, -3}, func() {
		whole, inside, port, code := 0, 0, 0, 0
		for seed := range uint64(3000) {
			m := New(seed)
			v := req{Method: "get", Body: []byte("abc")}
			if err := m.Mutate(&v, 128); err != nil {
				t.Fatal(err)
			}
			switch {
			case v.Method == "POST" || string(v.Body) == "X-Token":
				whole++
			case bytes.Contains([]byte(v.Method), []byte("POST")) || bytes.Contains(v.Body, []byte("X-Token")):
				inside++
			}
			if v.Port == 4242 {
				port++
			}
			if v.Code == -3 {
				code++
			}
			if v.Code < -5 || v.Code > 5 {
				t.Fatalf("seed %d: Code %d out of its range", seed, v.Code)
			}
		}
		if whole == 0 || inside == 0 || port == 0 || code == 0 {
			t.Fatalf("words whole %d, inside %d; port 4242 %d, code -3 %d: want each", whole, inside, port, code)
		}
	})
}

func TestPutWord(t *testing.T) {
	m := New(3)
	replaced, inserted := 0, 0
	for range 200 {
		buf := make([]byte, 8)
		n := copy(buf, "abcdef")
		n = m.putWord(buf, n, []byte("XYZ"))
		switch got := string(buf[:n]); {
		case got == "XYZ":
			replaced++
		case len(got) == 8 && bytes.Contains([]byte(got), []byte("XY")):
			inserted++ // cut to the limit: two of the three fit
		default:
			t.Fatalf("putWord gave %q", got)
		}
	}
	if replaced == 0 || inserted == 0 {
		t.Fatalf("%d replaced, %d inserted", replaced, inserted)
	}
}

// Fresh strings and integers are words of the dictionary now and then.
func TestFreshValuesDrawFromTheDictionary(t *testing.T) {
	type rec struct {
		S    string `fuzz:"maxlen=8"`
		Long string `fuzz:"maxlen=3"`
		N    uint32
	}
	p := planOf[rec](t)
	withDictionary(t, []string{"WORD"}, []int64{12345}, func() {
		words, ints := 0, 0
		for seed := range uint64(2000) {
			m := New(seed)
			var v rec
			m.fresh(p, reflect.ValueOf(&v).Elem(), 0, 1024)
			if v.S == "WORD" {
				words++
			}
			if len(v.Long) > 3 {
				t.Fatalf("seed %d: a fresh word broke maxlen: %q", seed, v.Long)
			}
			if v.N == 12345 {
				ints++
			}
		}
		if words < 300 || ints < 100 {
			t.Fatalf("%d fresh words, %d fresh constants of 2000: want about 500 and 250", words, ints)
		}
	})
}
