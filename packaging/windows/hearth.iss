; Inno Setup script for the Windows installer. Built by .github/workflows/release.yml after PyInstaller:
;   iscc /DAppVersion=0.1.0 /DVariant=cpu /DSourceDir=..\..\dist\hearth-assistant packaging\windows\hearth.iss
; Signing: define SignTool in the Inno Setup IDE or pass /S"signtool=signtool sign /fd sha256 /tr ... $f" to iscc,
; then uncomment SignTool below; the installer and the uninstaller are then both signed.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\hearth-assistant"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\hearth.ico"
#endif

[Setup]
; AppId identifies the app to Windows across versions: never change it.
AppId={{6F0B8E2A-4C1D-4B7E-9A53-2D8C5E1F7A90}
AppName=Hearth
AppVersion={#AppVersion}
AppVerName=Hearth {#AppVersion}
AppPublisher=Hearth contributors
AppPublisherURL=https://github.com/hearth-assistant/hearth
DefaultDirName={autopf}\Hearth
DefaultGroupName=Hearth
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed); the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
#if Variant == "cpu"
OutputBaseFilename=Hearth-{#AppVersion}-windows-x64-setup
#else
OutputBaseFilename=Hearth-{#AppVersion}-windows-x64-{#Variant}-setup
#endif
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\Hearth.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
; SignTool=signtool

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open .gguf model files with Hearth"; GroupDescription: "File types:"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Hearth"; Filename: "{app}\Hearth.exe"
Name: "{group}\{cm:UninstallProgram,Hearth}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Hearth"; Filename: "{app}\Hearth.exe"; Tasks: desktopicon

[Registry]
; The .gguf association, in the user's or the machine's classes depending on the install mode.
Root: HKA; Subkey: "Software\Classes\.gguf\OpenWithProgids"; ValueType: string; ValueName: "Hearth.gguf"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Hearth.gguf"; ValueType: string; ValueName: ""; ValueData: "GGUF language model"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Hearth.gguf\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Hearth.exe,0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Hearth.gguf\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Hearth.exe"" --model ""%1"""; Tasks: associate

[Run]
Filename: "{app}\Hearth.exe"; Description: "{cm:LaunchProgram,Hearth}"; Flags: nowait postinstall skipifsilent

; Conversations, drafts and models live in %LOCALAPPDATA%\hearth-assistant and are kept on uninstall: removing the
; program never removes what people made with it.
