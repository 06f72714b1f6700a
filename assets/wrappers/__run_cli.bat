@echo off
rem Runs runcli on the project in this script's folder; arguments pass through,
rem e.g. "__run_cli.bat test run unit". Uses %RUNCLI_BIN% when set, else the
rem runcli on PATH.
setlocal
set "RUNCLI_HERE=%~dp0"
if "%RUNCLI_HERE:~-1%"=="\" set "RUNCLI_HERE=%RUNCLI_HERE:~0,-1%"
if defined RUNCLI_BIN goto given
where runcli >nul 2>nul || goto missing
runcli --project "%RUNCLI_HERE%" %*
exit /b %ERRORLEVEL%
:given
if not exist "%RUNCLI_BIN%" goto missing
"%RUNCLI_BIN%" --project "%RUNCLI_HERE%" %*
exit /b %ERRORLEVEL%
:missing
echo __run_cli.bat: runcli not found: install runcli and put it on PATH, or set RUNCLI_BIN to its path 1>&2
exit /b 127
