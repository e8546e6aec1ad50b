package harness_test

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// lateShape is a union registered in init, after the package-level
// harness below was made: the README's own pattern
// (var target = libfuzzer.Target(...), RegisterUnion in init).
type lateShape interface{ isLateShape() }

type lateBox struct {
	Data []byte `fuzz:"maxlen=16"`
	Sum  uint32
}

func (*lateBox) isLateShape() {}

// PostProcess keeps the checksum right.
func (b *lateBox) PostProcess(*rand.Rand) { b.Sum = crc32.ChecksumIEEE(b.Data) }

type lateMsg struct {
	Shape lateShape
	N     uint8
}

var lateSeen []*lateMsg

var lateHarness = harness.New(func(m *lateMsg) { lateSeen = append(lateSeen, m) }, harness.Options{})

func init() { codec.RegisterUnion[lateShape](&lateBox{}) }

// Regression: the harness decided whether the type has PostProcess hooks
// when it was made, before init registered the union; the check failed,
// the error was dropped and the mutation pipeline never post-processed.
func TestHooksFoundAfterInit(t *testing.T) {
	data := []byte{}
	boxes := 0
	for seed := range uint64(2000) {
		out := lateHarness.Mutate(data, 64, seed)
		if out == nil {
			continue
		}
		lateSeen = nil
		if lateHarness.Run(out) != 0 || len(lateSeen) != 1 {
			t.Fatalf("seed %d: Run did not call the target on the pipeline's output %x", seed, out)
		}
		if b, ok := lateSeen[0].Shape.(*lateBox); ok && b != nil {
			boxes++
			if b.Sum != crc32.ChecksumIEEE(b.Data) {
				t.Fatalf("seed %d: the target got %+v: the mutation pipeline skipped PostProcess", seed, b)
			}
		}
		data = out
	}
	if boxes == 0 {
		t.Fatal("no mutation made a lateBox; the test checks nothing")
	}
}

type unsupported struct {
	R io.Reader // an interface nobody registers
}

// A type that cannot be fuzzed is an error from Validate, and stops the
// mutation pipeline with the type model's message, instead of a fuzzer
// that runs without ever calling the target.
func TestValidateNamesTheProblem(t *testing.T) {
	h := harness.New(func(*unsupported) { t.Fatal("the target ran") }, harness.Options{})
	err := h.Validate()
	var te *harness.TypeError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "unsupported.R") || !strings.Contains(err.Error(), "no registered variants") {
		t.Fatalf("Validate = %v, want a *TypeError naming unsupported.R and the missing variants", err)
	}
	for name, call := range map[string]func(){
		"Mutate":    func() { h.Mutate(nil, 64, 1) },
		"CrossOver": func() { h.CrossOver(nil, nil, 64, 1) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "no registered variants") {
					t.Errorf("%s on an unsupported type: recover() = %v, want the type model's message", name, r)
				}
			}()
			call()
		}()
	}
	if h := harness.New(func(*hBatch) {}, harness.Options{}); h.Validate() != nil {
		t.Errorf("Validate of a supported type = %v", h.Validate())
	}
}

// Regression: when no mutation fitted, Mutate returned its input as it
// was, and CrossOver its first parent: libFuzzer's first input "\n" came
// back and reached the corpus, which strict decoding then rejected.
func TestPipelineOutputAlwaysDecodesStrictly(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	junk := [][]byte{nil, []byte("\n"), {0xff}, bytes.Repeat([]byte{0xee}, 40)}
	min := len(encode(t, hBatch{}))
	for seed := range uint64(300) {
		for _, a := range junk {
			// maxSize at the smallest encoding leaves the mutator little room.
			for _, maxSize := range []int{min, min + 3, 64} {
				outs := map[string][]byte{
					"Mutate":    h.Mutate(a, maxSize, seed),
					"CrossOver": h.CrossOver(a, junk[int(seed)%len(junk)], maxSize, seed),
				}
				for name, out := range outs {
					if out == nil {
						continue
					}
					var v hBatch
					if len(out) > maxSize || codec.Unmarshal(out, &v) != nil {
						t.Fatalf("%s(%x, max %d, seed %d) = %x: over the size or not strictly decodable", name, a, maxSize, seed, out)
					}
				}
			}
		}
	}
	if out := h.Mutate([]byte("\n"), min-1, 1); out != nil {
		t.Errorf("Mutate with maxSize below the smallest encoding = %x, want nil", out)
	}
}

// Regression: Mutate and CrossOver returned the harness's internal buffer,
// which the next call rewrote: goroutines sharing a harness raced (run
// with -race).
func TestSharedHarnessIsRaceFree(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := encode(t, hBatch{Note: "x"})
			other := bytes.Clone(data)
			dst := make([]byte, 96)
			for i := range 300 {
				seed := uint64(g*1000 + i)
				var out []byte
				switch i % 3 {
				case 0:
					out = h.Mutate(data, 96, seed)
				case 1:
					out = h.CrossOver(data, other, 96, seed)
				default:
					out = dst[:h.MutateTo(dst, data, seed)]
				}
				if out == nil {
					continue
				}
				var v hBatch
				if err := codec.Unmarshal(out, &v); err != nil {
					t.Errorf("goroutine %d step %d: %v", g, i, err)
					return
				}
				h.Run(out)
				other, data = data, bytes.Clone(out)
			}
		}()
	}
	wg.Wait()
}

func TestStatsCountRejections(t *testing.T) {
	calls := 0
	h := harness.New(func(*hBatch) { calls++ }, harness.Options{})
	h.Run([]byte("\n"))
	h.Run(encode(t, hBatch{}))
	h.Run([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	s := h.Stats()
	if s.Runs != 3 || s.Calls != 1 || s.Rejected != 2 || calls != 1 {
		t.Fatalf("Stats = %+v after 3 runs, 1 valid (target ran %d times)", s, calls)
	}
	if s.FirstRejection == nil || !strings.Contains(s.FirstRejection.Error(), "offset") {
		t.Errorf("FirstRejection = %v, want the codec's error for the first input", s.FirstRejection)
	}
}

// blob's elements take 257 bytes of memory for one byte of input.
type blob struct {
	Data []struct {
		Pad [256]byte `fuzz:"-"`
		B   uint8
	}
}

// Options.MaxMemory reaches the codec and the mutator: with a small
// budget, an input whose value needs more is rejected, and the pipeline
// never makes one.
func TestMaxMemoryOption(t *testing.T) {
	const budget = 1 << 10
	h := harness.New(func(*blob) {}, harness.Options{MaxMemory: budget})
	var b blob
	b.Data = make([]struct {
		Pad [256]byte `fuzz:"-"`
		B   uint8
	}, 100)
	big, err := codec.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Decode(big); !errors.Is(err, codec.ErrMemory) {
		t.Fatalf("Decode of a value over the budget: %v, want codec.ErrMemory", err)
	}
	if _, err := harness.New(func(*blob) {}, harness.Options{}).Decode(big); err != nil {
		t.Fatalf("the default budget rejects it too: %v", err)
	}
	data, _ := codec.Marshal(blob{})
	for seed := uint64(1); seed <= 2000; seed++ {
		out := h.Mutate(data, 1<<14, seed)
		if out == nil {
			continue
		}
		if _, err := h.Decode(out); err != nil {
			t.Fatalf("mutation %d made an input the harness rejects: %v", seed, err)
		}
		data = out
	}
}
