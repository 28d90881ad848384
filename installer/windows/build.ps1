# Build the Windows installer: the bundle (PyInstaller) and the Inno Setup installer.
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-Flavour directml|cpu|cuda]
# Needs: Python 3.11 x64 (the `py` launcher), Inno Setup 6 (iscc.exe on PATH or in its default
# folder). With $env:WINDOWS_SIGN_CERT_SHA1 set, files and installer are signed (signtool from
# the Windows SDK, certificate in the user's store; timestamp $env:WINDOWS_TIMESTAMP_URL).
param([ValidateSet("directml", "cpu", "cuda")] [string]$Flavour = "directml")
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root

py -3.11 packaging\build.py --flavour $Flavour
if ($LASTEXITCODE) { throw "packaging\build.py failed" }

$Bundle = "dist\$Flavour\agentic-desk"
& "$Bundle\agentic-desk.exe" --self-test
if ($LASTEXITCODE) { throw "the bundle's --self-test failed" }
# the window on the screen through Qt's "windows" platform plugin, from both executables:
# the console one (agentic-desk.exe) and the windowed one the Start menu runs (AgenticDesk.exe),
# which has no console to print to: its report goes to a file, its exit code is waited for
& "$Bundle\agentic-desk.exe" --self-test desktop
if ($LASTEXITCODE) { throw "agentic-desk.exe --self-test desktop failed" }
$Report = Join-Path $env:TEMP "agentic-desk-self-test-windowed.txt"
Remove-Item $Report -ErrorAction SilentlyContinue
$Windowed = Start-Process -FilePath "$Bundle\AgenticDesk.exe" -Wait -PassThru `
  -ArgumentList @("--self-test", "desktop", "--self-test-report", "`"$Report`"")
if (Test-Path $Report) { Get-Content $Report }
if ($Windowed.ExitCode -ne 0) { throw "AgenticDesk.exe (windowed) --self-test desktop exited $($Windowed.ExitCode)" }
if (-not (Select-String -Path $Report -SimpleMatch "by the 'windows' platform plugin" -Quiet)) {
  throw "AgenticDesk.exe did not open its window through Qt's windows plugin"
}

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
$IsccArgs = @("/DFlavour=$Flavour", "installer\windows\agentic-desk.iss")
if ($env:WINDOWS_SIGN_CERT_SHA1) {
  $Ts = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
  $Sign = "signtool.exe sign /fd sha256 /td sha256 /tr $Ts /sha1 $env:WINDOWS_SIGN_CERT_SHA1 `$f"
  # our two executables (third-party DLLs keep their vendors' signatures)
  foreach ($Exe in @("agentic-desk.exe", "AgenticDesk.exe")) {
    signtool.exe sign /fd sha256 /td sha256 /tr $Ts /sha1 $env:WINDOWS_SIGN_CERT_SHA1 "$Bundle\$Exe"
    if ($LASTEXITCODE) { throw "signing $Exe failed" }
  }
  $IsccArgs = @("/DSign", "/Ssigntool=$Sign") + $IsccArgs
}
& $Iscc @IsccArgs
if ($LASTEXITCODE) { throw "iscc failed" }
Get-ChildItem dist\AgenticDesk-*-$Flavour-setup.exe | ForEach-Object { "built $($_.FullName)" }
