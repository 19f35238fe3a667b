//! Bar charts as SVG, drawn on the server with `plotters`' SVG backend.
//!
//! The layout is computed here, in pixels, rather than by `plotters`'
//! chart builder: grouped bars, range bars and category labels under each
//! group are what the dashboard needs, and the builder's axes place labels
//! at its own round values. Every chart is an `<svg role="img">` with a
//! `<title>`; the page puts the same figures in a table next to it, so the
//! numbers can be read without seeing the bars.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format::number;
use moc_i18n::Lang;

/// A chart of values per category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarChart {
    /// What it shows, for the `<title>` and the `aria-label`.
    pub title: String,
    /// The categories along the horizontal axis, in order.
    pub categories: Vec<String>,
    /// The series: one value per category each.
    pub series: Vec<Series>,
    /// How the series share a category.
    pub layout: Layout,
}

/// One series of a [`BarChart`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// Its name, in the legend.
    pub name: String,
    /// One value per category.
    pub values: Vec<u64>,
}

/// How the series of a [`BarChart`] share a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Side by side.
    Grouped,
    /// On top of each other: the bar's height is their sum.
    Stacked,
    /// A band from the first series (low) to the second (high), as for an
    /// uncertain toll; other series are ignored.
    Range,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// A series does not have one value per category.
    #[error("series {series:?} has {got} values for {want} categories")]
    Shape {
        /// The series' name.
        series: String,
        /// Its values.
        got: usize,
        /// The categories.
        want: usize,
    },
    /// A range chart needs a low and a high series.
    #[error("a range chart needs two series, got {0}")]
    Range(usize),
    /// The SVG backend failed.
    #[error("drawing the chart: {0}")]
    Draw(String),
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;
const LEFT: i32 = 64;
const RIGHT: i32 = 16;
const TOP: i32 = 40;
const BOTTOM: i32 = 64;
/// The text size given to `plotters`, which writes it divided by 1.24:
/// about 13 px on the page.
const FONT: f64 = 16.0;
/// An estimate of a character's width at that size, for wrapping labels.
const CHAR_WIDTH: i32 = 7;

/// Colours told apart by people with the common colour-vision deficiencies
/// (Okabe and Ito's palette), each with at least 3:1 contrast on white.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
];

/// The chart as an `<svg>` element, numbers on its axis written as `lang`
/// writes them.
///
/// # Errors
/// [`ChartError::Shape`] when a series' length differs from the
/// categories', [`ChartError::Range`] for a range chart without two series.
pub fn svg(chart: &BarChart, lang: Lang) -> Result<String, ChartError> {
    for s in &chart.series {
        if s.values.len() != chart.categories.len() {
            return Err(ChartError::Shape {
                series: s.name.clone(),
                got: s.values.len(),
                want: chart.categories.len(),
            });
        }
    }
    if chart.layout == Layout::Range && chart.series.len() < 2 {
        return Err(ChartError::Range(chart.series.len()));
    }
    let mut out = String::new();
    draw(chart, lang, &mut out).map_err(|e| ChartError::Draw(e.to_string()))?;
    Ok(accessible(&out, &chart.title))
}

/// The largest value the vertical axis must reach.
fn top_value(chart: &BarChart) -> u64 {
    let n = chart.categories.len();
    let column = |i: usize| -> u64 {
        match chart.layout {
            Layout::Grouped => chart.series.iter().map(|s| s.values[i]).max().unwrap_or(0),
            Layout::Stacked => chart.series.iter().map(|s| s.values[i]).sum(),
            Layout::Range => chart.series[..2]
                .iter()
                .map(|s| s.values[i])
                .max()
                .unwrap_or(0),
        }
    };
    (0..n).map(column).max().unwrap_or(0)
}

/// A round step for about five gridlines up to `max`: 1, 2 or 5 × 10ⁿ.
fn step(max: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            let s = step.saturating_mul(m);
            if max / s <= 5 {
                return s;
            }
        }
        step = step.saturating_mul(10);
    }
}

fn draw(chart: &BarChart, lang: Lang, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let plot_w = i32::try_from(WIDTH)? - LEFT - RIGHT;
    let plot_h = i32::try_from(HEIGHT)? - TOP - BOTTOM;
    let base = TOP + plot_h;
    let step = step(top_value(chart).max(1));
    let ceiling = top_value(chart).max(1).div_ceil(step).saturating_mul(step);
    let y = |v: u64| -> i32 {
        let h = u128::from(v) * u128::try_from(plot_h).unwrap_or(0) / u128::from(ceiling);
        base - i32::try_from(h).unwrap_or(plot_h)
    };
    let small = ("sans-serif", FONT).into_font().color(&BLACK);

    // Gridlines and their values.
    let mut v = 0;
    while v <= ceiling {
        let line_colour = if v == 0 {
            BLACK
        } else {
            RGBColor(215, 215, 215)
        };
        root.draw(&PathElement::new(
            vec![(LEFT, y(v)), (LEFT + plot_w, y(v))],
            line_colour.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            number(lang, i64::try_from(v).unwrap_or(i64::MAX)),
            (LEFT - 6, y(v)),
            small.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        match v.checked_add(step) {
            Some(next) => v = next,
            None => break,
        }
    }

    // The bars.
    let n = i32::try_from(chart.categories.len().max(1))?;
    let band = plot_w / n;
    let group = band * 4 / 5;
    let drawn = match chart.layout {
        Layout::Grouped => chart.series.len(),
        Layout::Stacked | Layout::Range => 1,
    };
    let bar = (group / i32::try_from(drawn.max(1))?).max(1);
    for (i, label) in chart.categories.iter().enumerate() {
        let i32_i = i32::try_from(i)?;
        let x0 = LEFT + band * i32_i + (band - group) / 2;
        match chart.layout {
            Layout::Grouped => {
                for (j, s) in chart.series.iter().enumerate() {
                    let x = x0 + bar * i32::try_from(j)?;
                    let colour = PALETTE[j % PALETTE.len()];
                    root.draw(&Rectangle::new(
                        [(x + 1, y(s.values[i])), (x + bar - 1, base)],
                        colour.filled(),
                    ))?;
                }
            }
            Layout::Stacked => {
                let mut below = 0;
                for (j, s) in chart.series.iter().enumerate() {
                    let colour = PALETTE[j % PALETTE.len()];
                    let top = below + s.values[i];
                    if s.values[i] > 0 {
                        root.draw(&Rectangle::new(
                            [(x0 + 1, y(top)), (x0 + bar - 1, y(below))],
                            colour.filled(),
                        ))?;
                    }
                    below = top;
                }
            }
            Layout::Range => {
                let (low, high) = (chart.series[0].values[i], chart.series[1].values[i]);
                let (low, high) = (low.min(high), low.max(high));
                let colour = PALETTE[1];
                root.draw(&Rectangle::new(
                    [(x0 + bar / 4, y(high)), (x0 + bar - bar / 4, y(low))],
                    colour.mix(0.35).filled(),
                ))?;
                for edge in [low, high] {
                    root.draw(&PathElement::new(
                        vec![(x0 + bar / 4, y(edge)), (x0 + bar - bar / 4, y(edge))],
                        colour.stroke_width(3),
                    ))?;
                }
            }
        }
        let per_line = usize::try_from((band / CHAR_WIDTH).max(4))?;
        for (line, text) in wrap(label, per_line).into_iter().take(3).enumerate() {
            root.draw(&Text::new(
                text,
                (
                    LEFT + band * i32_i + band / 2,
                    base + 8 + 16 * i32::try_from(line)?,
                ),
                small.clone().pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }

    // The legend, above the plot.
    // A range is one band: one key, "low – high".
    let legend: Vec<(String, RGBColor)> = match chart.layout {
        Layout::Range => vec![(
            format!("{} – {}", chart.series[0].name, chart.series[1].name),
            PALETTE[1],
        )],
        Layout::Grouped | Layout::Stacked => chart
            .series
            .iter()
            .enumerate()
            .map(|(j, s)| (s.name.clone(), PALETTE[j % PALETTE.len()]))
            .collect(),
    };
    let mut x = LEFT;
    for (name, colour) in legend {
        root.draw(&Rectangle::new([(x, 12), (x + 14, 26)], colour.filled()))?;
        let width = i32::try_from(name.chars().count())? * CHAR_WIDTH + 36;
        root.draw(&Text::new(
            name,
            (x + 20, 19),
            small.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += width;
    }
    root.present()?;
    Ok(())
}

/// `text` in lines of at most `width` characters, broken between words (a
/// longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Marks the drawing as one image with a title, scaling to its container.
fn accessible(svg: &str, title: &str) -> String {
    let title = escape(title);
    let body = svg.trim_start();
    let body = body
        .strip_prefix("<svg ")
        .map_or_else(|| body.to_owned(), ToOwned::to_owned);
    let (attrs, rest) = body.split_once('>').unwrap_or((body.as_str(), ""));
    format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{title}\" {attrs}>\n<title>{title}</title>{rest}"
    )
}

/// Escapes text for SVG content and attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(layout: Layout) -> BarChart {
        BarChart {
            title: "Members <by> party".into(),
            categories: vec!["FAMa".into(), "CMA".into(), "P&M".into()],
            series: vec![
                Series {
                    name: "Quota".into(),
                    values: vec![200, 200, 200],
                },
                Series {
                    name: "Members".into(),
                    values: vec![198, 203, 199],
                },
            ],
            layout,
        }
    }

    #[test]
    fn a_chart_is_one_titled_svg_image() {
        for layout in [Layout::Grouped, Layout::Stacked, Layout::Range] {
            let svg = svg(&chart(layout), Lang::Fr).unwrap();
            assert!(
                svg.starts_with(
                    "<svg class=\"chart\" role=\"img\" aria-label=\"Members &lt;by&gt; party\""
                ),
                "{svg}"
            );
            assert!(svg.contains("<title>Members &lt;by&gt; party</title>"));
            assert!(svg.contains("viewBox=\"0 0 640 300\""));
            assert_eq!(svg.matches("<svg").count(), 1);
            assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
            // Labels are escaped text.
            assert!(svg.contains("P&amp;M") && !svg.contains("P&M"));
        }
    }

    #[test]
    fn axis_numbers_follow_the_language() {
        let mut c = chart(Layout::Stacked);
        c.series[0].values = vec![1500, 0, 0];
        let fr = svg(&c, Lang::Fr).unwrap();
        assert!(fr.contains("2\u{202f}000"), "{fr}");
        let en = svg(&c, Lang::En).unwrap();
        assert!(en.contains("2,000"), "{en}");
    }

    #[test]
    fn grouped_bars_draw_one_rectangle_per_value() {
        let grouped = svg(&chart(Layout::Grouped), Lang::En).unwrap();
        // The background, six bars, two legend keys.
        assert_eq!(grouped.matches("<rect").count(), 1 + 6 + 2, "{grouped}");
    }

    #[test]
    fn a_range_has_one_legend_key() {
        let range = svg(&chart(Layout::Range), Lang::En).unwrap();
        assert!(range.contains("Quota – Members"), "{range}");
        // The background, three bands, one legend key.
        assert_eq!(range.matches("<rect").count(), 1 + 3 + 1, "{range}");
    }

    #[test]
    fn bad_shapes_are_errors() {
        let mut c = chart(Layout::Grouped);
        c.series[1].values.pop();
        assert!(matches!(
            svg(&c, Lang::Fr),
            Err(ChartError::Shape {
                got: 2,
                want: 3,
                ..
            })
        ));
        let mut c = chart(Layout::Range);
        c.series.truncate(1);
        assert!(matches!(svg(&c, Lang::Fr), Err(ChartError::Range(1))));
    }

    #[test]
    fn empty_charts_still_draw() {
        let c = BarChart {
            title: "Nothing".into(),
            categories: Vec::new(),
            series: Vec::new(),
            layout: Layout::Grouped,
        };
        assert!(
            svg(&c, Lang::Ar)
                .unwrap()
                .contains("<title>Nothing</title>")
        );
    }

    #[test]
    fn long_labels_wrap_between_words() {
        assert_eq!(
            wrap("Plateforme des mouvements du 14 juin 2014", 16),
            ["Plateforme des", "mouvements du 14", "juin 2014"]
        );
        assert_eq!(wrap("Gao", 16), ["Gao"]);
        assert_eq!(wrap("Coordination", 4), ["Coordination"]);
        assert!(wrap("   ", 4).is_empty());
    }

    #[test]
    fn steps_are_round() {
        for (max, want) in [
            (1, 1),
            (5, 1),
            (6, 2),
            (10, 2),
            (11, 2),
            (26, 5),
            (31, 10),
            (600, 200),
            (u64::MAX, 5_000_000_000_000_000_000),
        ] {
            assert_eq!(step(max), want, "{max}");
        }
    }
}
