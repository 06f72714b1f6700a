@ECHO OFF

pushd %~dp0

REM Sphinx shortcuts: make.bat html builds build\html; make.bat apidoc writes the API pages first.

if "%SPHINXBUILD%" == "" (
	set SPHINXBUILD=sphinx-build
)
if "%SPHINXAPIDOC%" == "" (
	set SPHINXAPIDOC=sphinx-apidoc
)
set SOURCEDIR=source
set BUILDDIR=build

if "%1" == "" goto help
if "%1" == "apidoc" goto apidoc

%SPHINXBUILD% >NUL 2>NUL
if errorlevel 9009 (
	echo.
	echo.The sphinx-build command was not found. Install Sphinx ^(pip install Sphinx^)
	echo.or set the SPHINXBUILD environment variable to its path.
	exit /b 1
)

%SPHINXBUILD% -M %1 %SOURCEDIR% %BUILDDIR% %SPHINXOPTS% %O%
goto end

:apidoc
%SPHINXAPIDOC% -o %SOURCEDIR% ..
goto end

:help
%SPHINXBUILD% -M help %SOURCEDIR% %BUILDDIR% %SPHINXOPTS% %O%

:end
popd
