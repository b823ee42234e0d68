//! Every line the CLI prints and every question it asks goes through [`Console`], so tests can
//! capture output, script answers and pretend to be (or not be) a terminal.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::{Arc, Mutex};

/// Output sink plus prompt source.
pub struct Console {
    out: Mutex<Box<dyn Write + Send>>,
    err: Mutex<Box<dyn Write + Send>>,
    input: Input,
    tty: bool,
    interactive: bool,
    status_shown: Mutex<bool>,
}

/// The prompt source, shared with the thread that reads an answer (so a prompt can be
/// abandoned on Ctrl-C while the read blocks).
pub type Input = Arc<Mutex<Box<dyn BufRead + Send>>>;

/// A shared in-memory buffer, used to capture a [`Console`]'s output in tests.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Console {
    /// The process's stdout/stderr/stdin; terminal detection from the real streams.
    pub fn stdio() -> Self {
        Console::new(
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
            Box::new(std::io::BufReader::new(std::io::stdin())),
            std::io::stdout().is_terminal(),
            std::io::stdin().is_terminal(),
        )
    }

    /// A console over arbitrary streams.
    pub fn new(
        out: Box<dyn Write + Send>,
        err: Box<dyn Write + Send>,
        input: Box<dyn BufRead + Send>,
        tty: bool,
        interactive: bool,
    ) -> Self {
        Console {
            out: Mutex::new(out),
            err: Mutex::new(err),
            input: Arc::new(Mutex::new(input)),
            tty,
            interactive,
            status_shown: Mutex::new(false),
        }
    }

    /// An in-memory console: returns it with the captured stdout+stderr (one buffer, in order).
    pub fn captured(tty: bool, interactive: bool, answers: &str) -> (Self, Captured) {
        let cap = Captured::default();
        let console = Console::new(
            Box::new(cap.clone()),
            Box::new(cap.clone()),
            Box::new(std::io::Cursor::new(answers.to_string().into_bytes())),
            tty,
            interactive,
        );
        (console, cap)
    }

    /// Whether stdout is a terminal (status line is redrawn in place).
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    /// Whether stdin is a terminal (questions may be asked).
    pub fn is_interactive(&self) -> bool {
        self.interactive
    }

    fn clear_status(&self, out: &mut dyn Write) {
        let mut shown = self.status_shown.lock().unwrap();
        if *shown {
            let _ = write!(out, "\r\x1b[2K");
            *shown = false;
        }
    }

    /// Print one line on stdout.
    pub fn line(&self, text: &str) {
        let mut out = self.out.lock().unwrap();
        self.clear_status(&mut **out);
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    /// Print one line on stderr.
    pub fn error(&self, text: &str) {
        let mut out = self.out.lock().unwrap();
        self.clear_status(&mut **out);
        let _ = out.flush();
        let mut err = self.err.lock().unwrap();
        let _ = writeln!(err, "{text}");
        let _ = err.flush();
    }

    /// Show the live status line: redrawn in place on a terminal, ignored otherwise (plain
    /// output carries the progress in each event line instead).
    pub fn status(&self, text: &str) {
        if !self.tty {
            return;
        }
        let mut out = self.out.lock().unwrap();
        let _ = write!(out, "\r\x1b[2K{text}");
        let _ = out.flush();
        *self.status_shown.lock().unwrap() = true;
    }

    /// Remove the status line (if any).
    pub fn end_status(&self) {
        let mut out = self.out.lock().unwrap();
        self.clear_status(&mut **out);
        let _ = out.flush();
    }

    /// Print a question without a line break (the answer follows on the same line).
    pub fn ask(&self, question: &str) {
        let mut out = self.out.lock().unwrap();
        self.clear_status(&mut **out);
        let _ = write!(out, "{question} ");
        let _ = out.flush();
    }

    /// The prompt source: read one line with [`read_answer`].
    pub fn input(&self) -> Input {
        self.input.clone()
    }
}

/// Read one line from `input`, trimmed; end of input is an empty answer.
pub fn read_answer(input: &Input) -> String {
    let mut answer = String::new();
    let _ = input.lock().unwrap().read_line(&mut answer);
    answer.trim().to_string()
}
