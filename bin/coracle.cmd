@echo off
rem Starts the coracle daemon (or another coracle command) on Windows, on a JDK 21 or newer.
rem
rem The jars are found in ..\lib beside this script (an installed layout: bin\ and lib\ side
rem by side) or in the build tree of a checkout. The JDK is %JAVA_HOME% when it holds
rem bin\java.exe, else the java.exe found on the PATH. Extra JVM options go in
rem CORACLE_JAVA_OPTS. "coracle.cmd service" is the program of the Windows service (README.md,
rem "Windows nodes"); "coracle.cmd serve" runs the daemon in a console.
rem
rem No block of parentheses holds an expanded path: a path such as "C:\Program Files (x86)"
rem would end the block at its ")".
setlocal EnableExtensions DisableDelayedExpansion

set "CORACLE_LIB="
for %%D in ("%~dp0..\lib") do if exist "%%~fD\cri-server-*.jar" set "CORACLE_LIB=%%~fD"
if defined CORACLE_LIB goto have_lib
for %%D in ("%~dp0..\cri-server\target\coracle\lib") do if exist "%%~fD\cri-server-*.jar" set "CORACLE_LIB=%%~fD"
if defined CORACLE_LIB goto have_lib
>&2 echo coracle: no daemon jars beside %~dp0; build first: mvn -DskipTests install
exit /b 1
:have_lib

set "CORACLE_JAVA="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "CORACLE_JAVA=%JAVA_HOME%\bin\java.exe"
if defined CORACLE_JAVA goto have_java
for %%J in (java.exe) do set "CORACLE_JAVA=%%~$PATH:J"
if defined CORACLE_JAVA goto have_java
>&2 echo coracle: needs a JDK 21 or newer: set JAVA_HOME, or put its bin directory on the PATH
exit /b 1
:have_java

rem The JDK's major version, from the release file beside its bin directory. A java.exe
rem without one (a launcher stub on the PATH) is taken as it is.
set "CORACLE_JDK_VERSION="
set "CORACLE_JDK_FEATURE="
for %%J in ("%CORACLE_JAVA%") do set "CORACLE_JDK=%%~dpJ.."
if exist "%CORACLE_JDK%\release" for /f "usebackq tokens=1,* delims==" %%K in ("%CORACLE_JDK%\release") do if "%%K"=="JAVA_VERSION" set "CORACLE_JDK_VERSION=%%~L"
if defined CORACLE_JDK_VERSION for /f "tokens=1 delims=." %%M in ("%CORACLE_JDK_VERSION%") do set "CORACLE_JDK_FEATURE=%%M"
if not defined CORACLE_JDK_FEATURE goto have_version
if %CORACLE_JDK_FEATURE% GEQ 21 goto have_version
>&2 echo coracle: needs a JDK 21 or newer; %CORACLE_JAVA% is %CORACLE_JDK_VERSION%
exit /b 1
:have_version

rem A small daemon: serial GC and a modest heap keep per-node overhead low. The ahead-of-time
rem cache of the Linux launcher is not used: it holds the class path of the build machine.
set "CORACLE_OPTS=-XX:+UseSerialGC -Xms16m -Xss512k --enable-native-access=ALL-UNNAMED"
if not defined CORACLE_JDK_FEATURE goto run
if %CORACLE_JDK_FEATURE% GEQ 25 set "CORACLE_OPTS=%CORACLE_OPTS% --sun-misc-unsafe-memory-access=allow"
:run
"%CORACLE_JAVA%" %CORACLE_OPTS% %CORACLE_JAVA_OPTS% -cp "%CORACLE_LIB%\*" dev.coracle.server.Main %*
exit /b %ERRORLEVEL%
