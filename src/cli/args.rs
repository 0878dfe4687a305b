//! The command line (clap derive), §9.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// polc — compiler and interpreter for Pol export-control policies.
#[derive(Debug, Parser)]
#[command(name = "polc", version = crate::cli::VERSION, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and type-check a package.
    Check(CheckArgs),
    /// Evaluate records against a package's policies.
    Eval(EvalArgs),
    /// Run the package's `test` blocks and golden files.
    Test(TestArgs),
    /// Rewrite `.pol` files in canonical form.
    Fmt(FmtArgs),
    /// Print the long description of a diagnostic code.
    Explain(ExplainArgs),
    /// Screen names against a list file, with the engine of `screen()` (§14).
    Screen(ScreenArgs),
    /// Work with official sanctions and denied-party lists.
    #[command(subcommand)]
    List(ListCommand),
}

/// `polc screen`
#[derive(Debug, clap::Args)]
pub struct ScreenArgs {
    /// The list: a `.csv` or `.tsv` file with a header naming `name` and,
    /// optionally, `aliases` and `weak_aliases` (`;`-separated), as
    /// `polc list import` writes it.
    pub list: PathBuf,
    /// The names to screen.
    #[arg(required = true)]
    pub names: Vec<String>,
    /// Output format (default: ndjson, or table on a terminal).
    #[arg(long, value_enum)]
    pub format: Option<ScreenFormat>,
}

/// `polc screen` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenFormat {
    /// One JSON object per hit.
    Ndjson,
    /// One line per hit, for people.
    Table,
}

/// `polc list …`
#[derive(Debug, Subcommand)]
pub enum ListCommand {
    /// Convert an official list into a CSV that `load … as list<R>` reads.
    Import(ImportArgs),
}

/// `polc list import FORMAT FILE… -o OUT.csv`
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The list's format.
    #[arg(value_enum)]
    pub format: crate::importers::Format,
    /// The list's files (`ofac-sdn`: sdn.csv, then its alt.csv if there is one).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the CSV (replaced atomically).
    #[arg(long, short, value_name = "OUT.csv")]
    pub output: PathBuf,
}

/// `polc check`
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// `.pol` files and directories (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    pub format: DiagFormat,
    /// Only parse (like `polc fmt`): report syntax errors, skip names and types.
    #[arg(long)]
    pub syntax_only: bool,
    /// Print each rule's static cost bound (`policy.rule: O(n²), … at n = 1,000`).
    #[arg(long, conflicts_with = "syntax_only")]
    pub cost: bool,
}

/// Diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// rustc-style, with source excerpts.
    Human,
    /// One JSON array of diagnostics on stdout.
    Json,
}

/// `polc eval`
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// `.pol` files and directories (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Records: `.json`, `.ndjson`/`.jsonl`, `.csv`, or `-` for NDJSON on stdin.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Output format (default: ndjson, or table on a terminal).
    #[arg(long, value_enum)]
    pub format: Option<EvalFormat>,
    /// Show, for each fired or indeterminate rule, its conditions and the values they saw.
    #[arg(long)]
    pub explain: bool,
    /// Decide in-force windows on this date instead of each record's `date`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The record type, when the package's policies apply to several.
    #[arg(long = "type", value_name = "NAME")]
    pub record_type: Option<String>,
    /// Exit 4 when some decision reaches this level.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Reject unknown fields in input records.
    #[arg(long)]
    pub strict: bool,
    /// Accept near-misses (a key like `destinaton` when `destination` is absent) as unknown fields.
    #[arg(long, conflicts_with = "strict")]
    pub lenient: bool,
    /// Worker threads, 1 to 256 (default: all cores). Each thread keeps up to
    /// three 128 KB chunks in flight, so the bound also bounds memory.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    pub threads: Option<u16>,
    /// Exchange rates (JSON `{"base": "USD", "rates": {"EUR": "1.08"}}`): convert money of two currencies instead of reporting it.
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
}

/// The most worker threads `-j` accepts: far above any core count polc's
/// evaluation scales to, low enough that thread stacks and chunk buffers stay
/// small (`-j 99999999999` used to hang).
pub const MAX_THREADS: i64 = 256;

/// `polc eval` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// One JSON object per record (§9).
    Ndjson,
    /// One JSON array.
    Json,
    /// One line per record, for people.
    Table,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 4 on any deny.
    Deny,
    /// Exit 4 on review or deny.
    Review,
    /// Exit 4 on license_required, review or deny.
    #[value(name = "license_required")]
    LicenseRequired,
}

/// `polc test`
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// `.pol` files and directories (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Rewrite golden `*.expected.ndjson` files with the actual decisions.
    #[arg(long)]
    pub bless: bool,
    /// Report rules that never fired and conditions that never went both ways.
    #[arg(long)]
    pub coverage: bool,
    /// Exit 1 when rule coverage is below this percentage.
    #[arg(long, value_name = "P")]
    pub min_coverage: Option<f64>,
    /// Run only tests whose name contains this text.
    #[arg(long)]
    pub filter: Option<String>,
    /// Exchange rates (JSON `{"base": "USD", "rates": {"EUR": "1.08"}}`): convert money of two currencies instead of reporting it.
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
}

/// `polc fmt`
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// `.pol` files and directories (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// List unformatted files and exit 1 instead of writing.
    #[arg(long)]
    pub check: bool,
}

/// `polc explain`
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A diagnostic code such as `E0201`.
    pub code: String,
}
