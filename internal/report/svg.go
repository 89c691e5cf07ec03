package report

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Charts are SVG drawn here, inline in the page: no script, no library, no
// request. Colours match the CSS.
const (
	colPass    = "#1a7f37"
	colFail    = "#cf222e"
	colWaived  = "#bf8700"
	colStale   = "#8c959f"
	colUnknown = "#8250df"
	colInk     = "#1f2328"
	colMuted   = "#656d76"
	colGrid    = "#d0d7de"
	colAccent  = "#0969da"
)

func esc(s string) string { return html.EscapeString(s) }

type segment struct {
	label string
	value int
	color string
}

// barRow is a row of stackedBars: a short label that fits the label column
// (about 30 characters), and the long name shown on hover.
type barRow struct {
	label, name string
}

// stackedBars draws one horizontal bar per row, its segments side by side, a
// legend beneath.
func stackedBars(title string, rows []barRow, segs [][]segment) string {
	const labelW, barW, rowH, top = 260.0, 560.0, 30.0, 34.0
	peak := 0
	for _, ss := range segs {
		t := 0
		for _, s := range ss {
			t += s.value
		}
		peak = max(peak, t)
	}
	if peak == 0 {
		peak = 1
	}
	h := top + rowH*float64(len(rows)) + 36
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-label="%s">`, labelW+barW+60, h, labelW+barW+60, h, esc(title))
	fmt.Fprintf(&b, `<text x="0" y="16" class="ct">%s</text>`, esc(title))
	for i, row := range rows {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" class="cl"><title>%s</title>%s</text>`, labelW-10, y+15, esc(row.name), esc(row.label))
		x := labelW
		total := 0
		for _, s := range segs[i] {
			if s.value == 0 {
				continue
			}
			w := barW * float64(s.value) / float64(peak)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="20" rx="2" fill="%s"><title>%s: %d</title></rect>`, x, y, w, s.color, esc(s.label), s.value)
			if w >= 18 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="cv">%d</text>`, x+w/2, y+14.5, s.value)
			}
			x += w
			total += s.value
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="cl">%d</text>`, x+6, y+15, total)
	}
	legend(&b, segs, h-14)
	b.WriteString(`</svg>`)
	return b.String()
}

func legend(b *strings.Builder, segs [][]segment, y float64) {
	if len(segs) == 0 {
		return
	}
	x := 0.0
	for _, s := range segs[0] {
		fmt.Fprintf(b, `<rect x="%.0f" y="%.0f" width="12" height="12" rx="2" fill="%s"/><text x="%.0f" y="%.0f" class="cl">%s</text>`, x, y-10, s.color, x+17, y, esc(s.label))
		x += 24 + 7.5*float64(len(s.label))
	}
}

// columns draws a vertical bar per label, values above the bars.
func columns(title string, labels []string, values []int, colors []string, note string) string {
	const left, top, plotH, colW = 64.0, 56.0, 150.0, 44.0
	w := left + colW*float64(len(labels)) + 20
	w = math.Max(w, 480)
	peak := 1
	for _, v := range values {
		peak = max(peak, v)
	}
	h := top + plotH + 92
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-label="%s">`, w, h, w, h, esc(title))
	fmt.Fprintf(&b, `<text x="0" y="16" class="ct">%s</text>`, esc(title))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s"/>`, left, top+plotH, w-10, top+plotH, colGrid)
	for i, l := range labels {
		bh := plotH * float64(values[i]) / float64(peak)
		x := left + colW*float64(i) + 8
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.1f" rx="2" fill="%s"><title>%s: %d</title></rect>`, x, top+plotH-bh, colW-16, bh, colors[i], esc(l), values[i])
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="cl">%d</text>`, x+(colW-16)/2, top+plotH-bh-5, values[i])
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" class="cs" transform="rotate(-35 %.1f %.1f)">%s</text>`, x+(colW-16)/2+4, top+plotH+16, x+(colW-16)/2+4, top+plotH+16, esc(l))
	}
	if note != "" {
		fmt.Fprintf(&b, `<text x="0" y="32" class="cs">%s</text>`, esc(note))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// donut draws a share as a ring with the percentage inside.
func donut(title string, part, whole int, color string) string {
	const r, cx, cy = 52.0, 80.0, 96.0
	frac := 0.0
	if whole > 0 {
		frac = float64(part) / float64(whole)
	}
	circ := 2 * math.Pi * r
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" viewBox="0 0 330 180" width="330" height="180" aria-label="%s">`, esc(title))
	fmt.Fprintf(&b, `<text x="0" y="16" class="ct">%s</text>`, esc(title))
	fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="%.0f" fill="none" stroke="%s" stroke-width="18"/>`, cx, cy, r, colGrid)
	fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="%.0f" fill="none" stroke="%s" stroke-width="18" stroke-dasharray="%.2f %.2f" transform="rotate(-90 %.0f %.0f)"/>`,
		cx, cy, r, color, circ*frac, circ, cx, cy)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle" class="big">%.0f%%</text>`, cx, cy+8, frac*100)
	fmt.Fprintf(&b, `<text x="160" y="80" class="cl">%d of %d active factors</text><text x="160" y="100" class="cl">are phishing-resistant</text><text x="160" y="120" class="cs">(WebAuthn/FIDO2, U2F,</text><text x="160" y="136" class="cs">Okta Verify FastPass)</text>`, part, whole)
	b.WriteString(`</svg>`)
	return b.String()
}

type series struct {
	label  string
	points []Point
	color  string
}

var palette = []string{"#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#bc4c00", "#6639ba", "#953800", "#0550ae", "#a40e26", "#116329"}

// lines draws violation counts over time, one line per series.
func lines(title string, ss []series) string {
	const left, top, plotW, plotH = 44.0, 34.0, 860.0, 220.0
	var t0, t1 time.Time
	peak := 1
	for _, s := range ss {
		for _, p := range s.points {
			if t0.IsZero() || p.At.Before(t0) {
				t0 = p.At
			}
			if p.At.After(t1) {
				t1 = p.At
			}
			peak = max(peak, p.Violations)
		}
	}
	span := t1.Sub(t0).Seconds()
	if span <= 0 {
		span = 1
	}
	xOf := func(t time.Time) float64 { return left + plotW*t.Sub(t0).Seconds()/span }
	yOf := func(v int) float64 { return top + plotH - plotH*float64(v)/float64(peak) }
	h := top + plotH + 40 + 18*float64((len(ss)+1)/2)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-label="%s">`, left+plotW+20, h, left+plotW+20, h, esc(title))
	fmt.Fprintf(&b, `<text x="0" y="16" class="ct">%s</text>`, esc(title))
	for _, v := range []int{0, peak / 2, peak} {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s" stroke-dasharray="3 3"/><text x="%.0f" y="%.1f" text-anchor="end" class="cs">%d</text>`,
			left, yOf(v), left+plotW, yOf(v), colGrid, left-6, yOf(v)+4, v)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="cs">%s</text><text x="%.0f" y="%.0f" text-anchor="end" class="cs">%s</text>`,
		left, top+plotH+16, t0.Format("2006-01-02 15:04"), left+plotW, top+plotH+16, t1.Format("2006-01-02 15:04"))
	for i, s := range ss {
		var pts []string
		for _, p := range s.points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(p.At), yOf(p.Violations)))
		}
		// Many runs: thin lines, no markers, so the trend shows rather than ink.
		width, markers := 2.0, len(s.points) <= 60
		if !markers {
			width = 1.25
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="%.2f" stroke-linejoin="round" points="%s"><title>%s</title></polyline>`, s.color, width, strings.Join(pts, " "), esc(s.label))
		for _, p := range s.points {
			if !markers {
				break
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s %s: %d</title></circle>`, xOf(p.At), yOf(p.Violations), s.color, esc(s.label), p.At.Format(time.RFC3339), p.Violations)
		}
		lx := float64(i%2) * 450
		ly := top + plotH + 40 + 18*float64(i/2)
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="12" height="4" fill="%s"/><text x="%.0f" y="%.0f" class="cs">%s</text>`, lx, ly-6, s.color, lx+17, ly, esc(s.label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// sparkline is a small line of one check's violations, for the history table.
func sparkline(ps []Point) string {
	const w, h = 160.0, 28.0
	peak := 1
	for _, p := range ps {
		peak = max(peak, p.Violations)
	}
	t0, t1 := ps[0].At, ps[len(ps)-1].At
	span := t1.Sub(t0).Seconds()
	if span <= 0 {
		span = 1
	}
	var pts []string
	for _, p := range ps {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", 2+(w-4)*p.At.Sub(t0).Seconds()/span, h-3-(h-6)*float64(p.Violations)/float64(peak)))
	}
	last := ps[len(ps)-1]
	color := colPass
	if last.Violations > 0 {
		color = colFail
	}
	return fmt.Sprintf(`<svg viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-hidden="true"><polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/></svg>`,
		w, h, w, h, color, strings.Join(pts, " "))
}
