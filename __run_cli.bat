@echo off
rem Starts the runcli console, building the release binary first when it is
rem missing or stale (cargo decides). In this repository it opens on the
rem bundled demo project unless RUNCLI_PROJECT or --project says otherwise.
rem Arguments are passed through: __run_cli.bat doctor
setlocal
set "HERE=%~dp0"
set "TARGET=%HERE%target"
if defined CARGO_TARGET_DIR set "TARGET=%CARGO_TARGET_DIR%"
set "BIN=%TARGET%\release\runcli.exe"
rem "where cargo" would do, but cargo --version also fails when rustup has no toolchain.
cargo --version >nul 2>nul
if errorlevel 1 goto nocargo
if not exist "%BIN%" echo building runcli, release profile; the first build takes a few minutes 1>&2
cargo build --release --locked --quiet --manifest-path "%HERE%Cargo.toml"
if errorlevel 1 exit /b 2
goto run
:nocargo
if exist "%BIN%" goto run
echo runcli: cargo is needed to build runcli; install the Rust toolchain from https://rustup.rs 1>&2
exit /b 2
:run
if not defined RUNCLI_PROJECT set "RUNCLI_PROJECT=%HERE%assets\demo"
"%BIN%" %*
exit /b %ERRORLEVEL%
