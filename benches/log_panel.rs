//! Drawing a full-screen (200x60) log panel with 10k and with 1M buffered
//! lines (BENCHMARKS.md, benchmark 2). The budget: the same cost for both,
//! within noise, and at most 1 ms.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use runcli::app::{LogLine, LogView};
use runcli::ui::widgets::log_panel;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// A log line like a Flask server's, every tenth one coloured with ANSI.
fn line(i: usize) -> LogLine {
    let text = if i.is_multiple_of(10) {
        format!(
            "\x1b[33m2024-05-01 10:{:02}:{:02},{:03} WARNING\x1b[0m [api] slow request GET /predict took {} ms request_id={i:08x}",
            (i / 60_000) % 60,
            (i / 1000) % 60,
            i % 1000,
            i % 997
        )
    } else {
        format!(
            "2024-05-01 10:{:02}:{:02},{:03} INFO [api] 172.18.0.1 - - \"GET /ping HTTP/1.1\" 200 2 \"-\" \"python-requests/2.31\" request_id={i:08x}",
            (i / 60_000) % 60,
            (i / 1000) % 60,
            i % 1000
        )
    };
    LogLine::stdout(text)
}

/// A view holding `n` lines, sized like the panel, caps high enough to keep them all.
fn view_with(n: usize) -> LogView {
    let mut view = LogView::new(n + 1, usize::MAX / 2);
    for start in (0..n).step_by(10_000) {
        view.append((start..(start + 10_000).min(n)).map(line).collect());
    }
    view.set_rows(usize::from(HEIGHT - 2));
    view
}

fn draw_panel(c: &mut Criterion) {
    let mut terminal = match Terminal::new(TestBackend::new(WIDTH, HEIGHT)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    let mut group = c.benchmark_group("log_panel_200x60");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60);
    for (label, n) in [("10k", 10_000usize), ("1M", 1_000_000)] {
        let mut view = view_with(n);
        assert_eq!(view.buffer.len(), n);
        group.bench_function(BenchmarkId::new("follow", label), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        log_panel::draw(black_box(&view), "api", true, frame, frame.area())
                    })
                    .map(|_| ())
            })
        });
        view.scroll_up(n / 2);
        group.bench_function(BenchmarkId::new("paused_mid", label), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        log_panel::draw(black_box(&view), "api", true, frame, frame.area())
                    })
                    .map(|_| ())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, draw_panel);
criterion_main!(benches);
