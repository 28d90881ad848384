; Inno Setup 6 script of Agentic Desk: a per-user install (no administrator rights) of the
; PyInstaller bundle, with a Start-menu entry and an uninstaller that keeps the user's data
; unless asked. Built by installer\windows\build.ps1; by hand:
;   iscc /DFlavour=directml installer\windows\agentic-desk.iss
; Defines (iscc /DName=value): Flavour (directml|cpu|cuda, default directml), SourceDir
; (default ..\..\dist\<Flavour>\agentic-desk), AppVersion (default: the ProductVersion of
; agentic-desk.exe, which packaging/build.py writes from src\agentic_desk\__init__.py),
; Sign (when defined, every file is signed with the "signtool" configured in the Inno Setup
; IDE or with iscc /Ssigntool=...; see packaging\README.md).

#ifndef Flavour
  #define Flavour "directml"
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\" + Flavour + "\agentic-desk"
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(SourceDir + "\agentic-desk.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error "No version: build the bundle first (python packaging\build.py --flavour directml)"
#endif
#define AppName "Agentic Desk"
#define AppExe "AgenticDesk.exe"
; user data (conversations, settings, models) lives here: see agentic_desk.core.paths
#define DataDir "{localappdata}\AgenticDesk"

[Setup]
; AppId identifies the app for upgrades and the uninstaller: never change it
AppId={{6B0E3C57-2D4B-4F0A-9C51-7D5E2A9B8F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Agentic Desk
VersionInfoVersion={#AppVersion}
; per-user: no UAC prompt, installed under %LOCALAPPDATA%\Programs (not the data folder)
PrivilegesRequired=lowest
; tell running programs (Explorer, new terminals) that PATH changed
ChangesEnvironment=yes
DefaultDirName={localappdata}\Programs\{#AppName}
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
WizardStyle=modern
SetupIconFile={#SourcePath}..\..\build\icons\agentic-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#SourcePath}..\..\dist
OutputBaseFilename=AgenticDesk-{#AppVersion}-{#Flavour}-setup
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
RestartApplications=no
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the whole bundle (stale libraries of an older engine must not remain)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Offline, privacy-first chat with local language models"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; `agentic-desk` (the console command: chat, --self-test) on the user's PATH
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Paths: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;

{ Removes every entry of the user's PATH that is Dir (with or without a trailing backslash,
  any case), wherever it stands: first, last, in the middle or alone. Both PATH and the entry
  are wrapped in ';' so that only whole entries match (not "...\Agentic Desk 2"). }
function WithoutPathEntry(Paths, Dir: string): string;
var
  Padded, Entry: string;
  P, Pass: Integer;
begin
  Padded := ';' + Paths + ';';
  for Pass := 1 to 2 do
  begin
    if Pass = 1 then Entry := ';' + Dir + ';' else Entry := ';' + Dir + '\;';
    P := Pos(Uppercase(Entry), Uppercase(Padded));
    while P > 0 do
    begin
      { drop the leading ';' and the folder; the trailing ';' stays for the next entry }
      Delete(Padded, P, Length(Entry) - 1);
      P := Pos(Uppercase(Entry), Uppercase(Padded));
    end;
  end;
  Result := Copy(Padded, 2, Length(Padded) - 2);
end;

procedure RemoveFromPath(Dir: string);
var
  Paths, Kept: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
    exit;
  Kept := WithoutPathEntry(Paths, Dir);
  if Kept <> Paths then
    RegWriteExpandStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Kept);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: string;
begin
  if CurUninstallStep = usUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
  if CurUninstallStep <> usPostUninstall then
    exit;
  DataDir := ExpandConstant('{#DataDir}');
  if not DirExists(DataDir) then
    exit;
  { Keep the user's data unless they say otherwise; a silent uninstall always keeps it. }
  if UninstallSilent then
    exit;
  if SuppressibleMsgBox(
      'Also delete your Agentic Desk data?' + #13#10#13#10 +
      'Conversations, settings and downloaded models in' + #13#10 + DataDir + #13#10#13#10 +
      'Choose No to keep them for a later installation (API keys stay in Windows ' +
      'Credential Manager either way).',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
  begin
    if not DelTree(DataDir, True, True, True) then
      MsgBox('Some files in ' + DataDir + ' could not be deleted; remove them by hand.',
        mbInformation, MB_OK);
  end;
end;
