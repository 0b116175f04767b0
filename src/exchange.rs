//! Files in and out (binary-private): `kam import`, `kam export` and
//! `kam backup` — reading a file to import within its bounds, writing an
//! export whole or streaming it to standard output.

use crate::{Failure, Session, database_path, usage};
use kam::cli::Export;
use kam::domain::dates::{Prefer, parse_date};
use kam::interop::import::How;
use kam::portfolio::Portfolio;
use kam::portfolio::journal::local_time;
use kam::store::Store;
use kam::strings::cli as t;
use std::path::Path;
/// `-` names standard output.
fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// `kam export csv|json|vcard|ics … [--force]`: a file, written whole and
/// replacing an existing one only with `--force`, or `-`, streamed to
/// standard output (nothing else is printed there then).
pub(crate) fn export(session: &Session, what: Export) -> Result<(), Failure> {
    use kam::portfolio::files::Destination;
    let clock = session.clock;
    let mut stdout = kam::console::Stdout;
    fn to<'a>(
        file: &'a Path,
        force: bool,
        stdout: &'a mut kam::console::Stdout,
    ) -> Destination<'a> {
        if is_stdout(file) {
            Destination::Stream(stdout)
        } else {
            Destination::File {
                path: file,
                replace: force,
            }
        }
    }
    match what {
        Export::Csv { dir, force } => {
            if is_stdout(&dir) {
                return Err(usage(t().csv_needs_folder));
            }
            for (path, rows) in session.existing()?.export_csv(&dir, force)? {
                say!("{}", (t().rows_written)(&path.display().to_string(), rows));
            }
        }
        Export::Json {
            file,
            owner: None,
            force,
        } => {
            let rows = session
                .existing()?
                .export_json(to(&file, force, &mut stdout), &clock)?;
            if !is_stdout(&file) {
                say!("{}", (t().rows_written)(&file.display().to_string(), rows));
            }
        }
        Export::Json {
            file,
            owner: Some(owner),
            force,
        } => {
            let done = session.existing()?.export_json_of_owner(
                &owner,
                to(&file, force, &mut stdout),
                &clock,
            )?;
            if !is_stdout(&file) {
                let path = file.display().to_string();
                say!(
                    "{}",
                    (t().owner_rows_written)(&path, done.rows, &done.owner, done.accounts)
                );
            }
        }
        Export::Vcard {
            file,
            account,
            force,
        } => {
            let portfolio = session.existing()?;
            let account = match account {
                None => None,
                Some(key) => Some(
                    portfolio
                        .find_account(&key)?
                        .ok_or_else(|| usage((t().no_account_key)(&key)))?
                        .id,
                ),
            };
            let n = portfolio.export_vcard(to(&file, force, &mut stdout), account)?;
            if !is_stdout(&file) {
                say!("{}", (t().contacts_written)(&file.display().to_string(), n));
            }
        }
        Export::Ics {
            file,
            from,
            to: last,
            force,
        } => {
            let date = |flag: &str, value: Option<String>| -> Result<_, Failure> {
                value
                    .map(|v| {
                        parse_date(&v, clock.today(), Prefer::Future).map_err(|e| {
                            usage(kam::strings_cli::of_file(
                                flag,
                                &kam::strings::date_error(&e),
                            ))
                        })
                    })
                    .transpose()
            };
            let (from, last) = (date("--from", from)?, date("--to", last)?);
            if let (Some(start), Some(end)) = (from, last)
                && end < start
            {
                return Err(usage((t().to_before_from)(
                    &end.to_string(),
                    &start.to_string(),
                )));
            }
            let n = session.existing()?.export_ics(
                to(&file, force, &mut stdout),
                from,
                last,
                &clock,
            )?;
            if !is_stdout(&file) {
                say!("{}", (t().visits_written)(&file.display().to_string(), n));
            }
        }
    }
    Ok(())
}

/// `kam backup FILE [--force]`: the copy is written beside FILE, verified,
/// and only then takes its place.
pub(crate) fn backup(session: &Session, file: &Path, force: bool) -> Result<(), Failure> {
    let portfolio = session.existing()?;
    let done = portfolio.backup(file, force)?;
    let counts: Vec<(String, i64)> = done
        .counts
        .iter()
        .map(|(t, n)| (t.to_string(), *n))
        .collect();
    say!(
        "{}",
        (t().backup_written)(&file.display().to_string(), &(t().counts)(&counts))
    );
    Ok(())
}

/// The most `kam import` reads without `--force`.
const MAX_INPUT: u64 = 1 << 30;

/// The bytes of a file to import: without `force`, only a plain file of
/// at most 1 GB (a device or a pipe could go on for ever).
fn read_input(file: &Path, force: bool) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let name = file.display().to_string();
    let cannot = |e: std::io::Error| {
        Failure::new((t().cannot_read)(&name, &kam::strings_cli::io_reason(&e)))
    };
    let meta = std::fs::metadata(file).map_err(cannot)?;
    if !force && !meta.is_file() && !meta.is_dir() {
        return Err(Failure::new((t().input_not_a_file)(&name)));
    }
    if !force && meta.len() > MAX_INPUT {
        return Err(Failure::new((t().input_too_large)(&name)));
    }
    let mut bytes = Vec::new();
    let f = std::fs::File::open(file).map_err(cannot)?;
    if force {
        f.take(u64::MAX).read_to_end(&mut bytes).map_err(cannot)?;
    } else {
        // a file that grows while it is read stops at the limit too
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_INPUT {
            return Err(Failure::new((t().input_too_large)(&name)));
        }
    }
    Ok(bytes)
}

/// `kam import KIND FILE [--dry-run] [--overwrite] [--force]`.
pub(crate) fn import(
    session: &Session,
    kind: &str,
    file: &Path,
    how: How,
    force: bool,
    account: Option<&str>,
) -> Result<(), Failure> {
    let clock = &session.clock;
    let dry_run = how.dry_run;
    use kam::interop::import::{ImportError, Kind};
    let is_vcard = matches!(
        kind.trim().to_lowercase().as_str(),
        "vcard" | "vcf" | "名片"
    );
    if account.is_some() && !is_vcard {
        return Err(usage(kam::strings_cards::account_for_vcard_only()));
    }
    let bytes = read_input(file, force)?;
    let path = database_path(session.db.clone())?;
    if is_vcard {
        return import_vcard(session, file, &bytes, account, how);
    }
    if kind.trim().eq_ignore_ascii_case("json") {
        if dry_run {
            return Err(usage(t().dry_run_csv_only));
        }
        let mut portfolio = Portfolio::new(Store::open(&path)?);
        let counts = portfolio.import_json(&bytes).map_err(|e| {
            Failure::from(kam::strings_cli::of_file(
                &file.display().to_string(),
                &kam::strings_cli::export_error(&e),
            ))
        })?;
        let counts: Vec<(String, i64)> = counts
            .into_iter()
            .map(|(t, n)| (t, i64::try_from(n).unwrap_or(i64::MAX)))
            .collect();
        say!(
            "{}",
            (t().imported)(&file.display().to_string(), &(t().counts)(&counts))
        );
        return Ok(());
    }
    let kind: Kind = kind
        .parse()
        .map_err(|_| usage(kam::strings_cli::not_a_kind(kind)))?;
    let mut portfolio = Portfolio::new(Store::open(&path)?);
    let large = bytes.len() > 1_000_000;
    let result = portfolio.import_csv(kind, &bytes, clock, how, |n| {
        if large {
            say_err!("{}", (t().rows_checked)(&file.display().to_string(), n));
        }
    });
    match result {
        Ok(o) => {
            say!(
                "{}",
                (t().import_done)(
                    &file.display().to_string(),
                    o.rows,
                    o.encoding,
                    o.added,
                    o.updated,
                    dry_run
                )
            );
            if o.updated > 0 {
                say!("{}", (t().import_fields)(o.fields, dry_run));
            }
            for k in &o.kept {
                let at = local_time(&k.changed_at, clock);
                say!(
                    "{}",
                    kam::strings_cli::of_file(
                        &file.display().to_string(),
                        &(t().import_kept)(k.row, &k.what, &at)
                    )
                );
            }
            Ok(())
        }
        Err(ImportError::Problems(problems)) => {
            for p in &problems {
                say_err!(
                    "{}",
                    kam::strings_cli::of_file(&file.display().to_string(), &p.to_string())
                );
            }
            Err(Failure::new((t().import_failed)(
                &file.display().to_string(),
                problems.len(),
            )))
        }
        Err(ImportError::Table(e)) => Err(Failure::from(kam::strings_cli::of_file(
            &file.display().to_string(),
            &kam::strings_cli::table_error(&e),
        ))),
        Err(ImportError::Store(e)) => Err(Failure::from(kam::strings_cli::of_file(
            &file.display().to_string(),
            &kam::strings::store_error(&e),
        ))),
    }
}

/// `kam import vcard FILE.vcf [--account NAME] [--dry-run]`.
fn import_vcard(
    session: &Session,
    file: &Path,
    bytes: &[u8],
    account: Option<&str>,
    how: How,
) -> Result<(), Failure> {
    use kam::interop::vcard::VcardError;
    let name = file.display().to_string();
    let path = database_path(session.db.clone())?;
    let mut portfolio = Portfolio::new(Store::open(&path)?);
    match portfolio.import_vcard(bytes, account, &session.clock, how) {
        Ok(o) => {
            say!(
                "{}",
                kam::strings_cards::cards_done(&name, o.rows, o.added, o.updated, how.dry_run)
            );
            if o.updated > 0 {
                say!("{}", (t().import_fields)(o.fields, how.dry_run));
            }
            Ok(())
        }
        Err(VcardError::Problems(problems)) => {
            for p in &problems {
                say_err!("{}", kam::strings_cli::of_file(&name, &p.to_string()));
            }
            Err(Failure::new((t().import_failed)(&name, problems.len())))
        }
        Err(VcardError::NoCards) => Err(Failure::from(kam::strings_cli::of_file(
            &name,
            kam::strings_cards::no_cards(),
        ))),
        Err(VcardError::Table(e)) => Err(Failure::from(kam::strings_cli::of_file(
            &name,
            &kam::strings_cli::table_error(&e),
        ))),
        Err(VcardError::Store(e)) => Err(Failure::from(kam::strings_cli::of_file(
            &name,
            &kam::strings::store_error(&e),
        ))),
    }
}
