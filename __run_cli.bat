@echo off
rem Starts the runcli console, building the release binary first when it is
rem missing or stale (cargo decides). In this repository it opens on the
rem bundled demo project unless RUNCLI_PROJECT or --project says otherwise.
setlocal
set "HERE=%~dp0"
set "BIN=%HERE%target\release\runcli.exe"
where cargo >nul 2>nul
if errorlevel 1 (
  if not exist "%BIN%" (
    echo runcli: cargo is needed to build runcli; install the Rust toolchain from https://rustup.rs 1>&2
    exit /b 2
  )
) else (
  cargo build --release --locked --quiet --manifest-path "%HERE%Cargo.toml"
  if errorlevel 1 exit /b 2
)
if "%RUNCLI_PROJECT%"=="" set "RUNCLI_PROJECT=%HERE%assets\demo"
"%BIN%" %*
exit /b %ERRORLEVEL%
