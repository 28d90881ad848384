<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>api_server_box</name>
    <message>
        <source>Let other programs on this computer use the local model</source>
        <translation>Anderen Programmen auf diesem Computer das lokale Modell zur Verfügung stellen</translation>
    </message>
    <message>
        <source>Local API server</source>
        <translation>Lokaler API-Server</translation>
    </message>
    <message>
        <source>An OpenAI-compatible API (also Anthropic&apos;s Messages API) on 127.0.0.1 only. Programs need the access token below; web pages are refused. API clients use the local model only unless you also allow them cloud providers.</source>
        <translation>Eine OpenAI-kompatible API (auch Anthropics Messages-API), nur auf 127.0.0.1. Programme brauchen das Zugangstoken unten; Webseiten werden abgewiesen. API-Clients nutzen nur das lokale Modell, außer Sie erlauben ihnen auch Cloud-Anbieter.</translation>
    </message>
    <message>
        <source>Off.</source>
        <translation>Aus.</translation>
    </message>
    <message>
        <source>made when the server first starts</source>
        <translation>wird beim ersten Start des Servers erzeugt</translation>
    </message>
    <message>
        <source>API access token</source>
        <translation>API-Zugangstoken</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>New token</source>
        <translation>Neues Token</translation>
    </message>
    <message>
        <source>Programs using the old token are refused from now on.</source>
        <translation>Programme mit dem alten Token werden ab jetzt abgewiesen.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Show the technical details</source>
        <translation>Technische Details anzeigen</translation>
    </message>
</context>
<context>
    <name>applock</name>
    <message>
        <source>Agentic Desk is locked</source>
        <translation>Agentic Desk ist gesperrt</translation>
    </message>
    <message>
        <source>Type your passphrase to open them.</source>
        <translation>Geben Sie Ihre Passphrase ein, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Sie können es jetzt erneut versuchen.</translation>
    </message>
    <message>
        <source>The passphrase is asked for when Agentic Desk starts (and after a while without use). It is not stored anywhere: forget it and the conversations cannot be read.</source>
        <translation>Die Passphrase wird beim Start von Agentic Desk abgefragt (und nach einer Weile ohne Benutzung). Sie wird nirgends gespeichert: Wenn Sie sie vergessen, können die Unterhaltungen nicht mehr gelesen werden.</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>Aktuelle Passphrase:</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>Neue Passphrase:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>Ask for a passphrase</source>
        <translation>Nach einer Passphrase fragen</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>Passphrase ändern…</translation>
    </message>
    <message>
        <source>ON: the database key is in the keyring only encrypted with your passphrase, which is asked for at start.</source>
        <translation>AN: Der Datenbankschlüssel liegt nur mit Ihrer Passphrase verschlüsselt im Schlüsselbund; sie wird beim Start abgefragt.</translation>
    </message>
    <message>
        <source>OFF: whoever can unlock your keyring can open the conversations.</source>
        <translation>AUS: Wer Ihren Schlüsselbund entsperren kann, kann die Unterhaltungen öffnen.</translation>
    </message>
    <message>
        <source>Needs the conversation database to be encrypted (above).</source>
        <translation>Setzt voraus, dass die Unterhaltungsdatenbank verschlüsselt ist (oben).</translation>
    </message>
</context>
<context>
    <name>assistant_templates</name>
    <message>
        <source>New chat from a template</source>
        <translation>Neuer Chat aus einer Vorlage</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>* required</source>
        <translation>* Pflichtfeld</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemanweisung</translation>
    </message>
    <message>
        <source>No system prompt: the model gets only your messages.</source>
        <translation>Keine Systemanweisung: Das Modell erhält nur Ihre Nachrichten.</translation>
    </message>
    <message>
        <source>Template and system prompt</source>
        <translation>Vorlage und Systemanweisung</translation>
    </message>
    <message>
        <source>System prompt…</source>
        <translation>Systemanweisung…</translation>
    </message>
    <message>
        <source>Open and edit the system prompt</source>
        <translation>Systemanweisung öffnen und bearbeiten</translation>
    </message>
    <message>
        <source>Template: {name}</source>
        <translation>Vorlage: {name}</translation>
    </message>
    <message>
        <source>System prompt: </source>
        <translation>Systemanweisung: </translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>Keine Systemanweisung</translation>
    </message>
    <message>
        <source>This template comes with Agentic Desk: your changes are saved as a new template of your own.</source>
        <translation>Diese Vorlage gehört zu Agentic Desk: Ihre Änderungen werden als neue, eigene Vorlage gespeichert.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Instructions for the model; {{field}} fills in</source>
        <translation>Anweisungen für das Modell; {{field}} wird ausgefüllt</translation>
    </message>
    <message>
        <source>First message</source>
        <translation>Erste Nachricht</translation>
    </message>
    <message>
        <source>Optional: the start of your first message</source>
        <translation>Optional: der Anfang Ihrer ersten Nachricht</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Datenschutz</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>empty: the settings&apos; own</source>
        <translation>leer: Wert aus den Einstellungen</translation>
    </message>
    <message>
        <source>Longest reply (tokens)</source>
        <translation>Längste Antwort (Tokens)</translation>
    </message>
    <message>
        <source>Fill-in fields (used as {{name}} in the prompt or message):</source>
        <translation>Ausfüllfelder (als {{name}} in der Anweisung oder Nachricht verwendet):</translation>
    </message>
    <message>
        <source>Fill-in fields</source>
        <translation>Ausfüllfelder</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>Feld hinzufügen</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>Feld entfernen</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Neu…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
</context>
<context>
    <name>chat_pane</name>
    <message>
        <source>This message holds {what}: it will stay on this computer.</source>
        <translation>Diese Nachricht enthält {what}: Sie bleibt auf diesem Computer.</translation>
    </message>
    <message>
        <source>Message (Enter to send, Shift+Enter for a new line)</source>
        <translation>Nachricht (Enter zum Senden, Umschalt+Enter für eine neue Zeile)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Privacy of this conversation</source>
        <translation>Datenschutz dieser Unterhaltung</translation>
    </message>
    <message>
        <source>Local only</source>
        <translation>Nur lokal</translation>
    </message>
    <message>
        <source>Complexity</source>
        <translation>Komplexität</translation>
    </message>
    <message>
        <source>What do the privacy levels mean?</source>
        <translation>Was bedeuten die Datenschutzstufen?</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Nothing you type here leaves this computer unless you turn cloud providers on.
Ask anything to start.</source>
        <translation>Nichts, was Sie hier eingeben, verlässt diesen Computer, solange Sie keine Cloud-Anbieter einschalten.
Stellen Sie einfach eine Frage.</translation>
    </message>
    <message>
        <source>Reading your prompt</source>
        <translation>Ihre Eingabe wird gelesen</translation>
    </message>
    <message>
        <source>Sensitive data in your message</source>
        <translation>Vertrauliche Daten in Ihrer Nachricht</translation>
    </message>
    <message>
        <source>No model is set up yet, so nothing can answer. Download or import one on the Models page: it runs on this computer. (Or turn cloud providers on in Settings.)</source>
        <translation>Es ist noch kein Modell eingerichtet, daher kann nichts antworten. Laden oder importieren Sie eines auf der Seite „Modelle“: Es läuft auf diesem Computer. (Oder schalten Sie in den Einstellungen Cloud-Anbieter ein.)</translation>
    </message>
    <message>
        <source>Go to Models</source>
        <translation>Zu den Modellen</translation>
    </message>
    <message>
        <source>Privacy of this message</source>
        <translation>Datenschutz dieser Nachricht</translation>
    </message>
    <message>
        <source>This message: as the chat</source>
        <translation>Diese Nachricht: wie der Chat</translation>
    </message>
    <message>
        <source>This message: local only</source>
        <translation>Diese Nachricht: nur lokal</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Senden (Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>Anhalten (Esc)</translation>
    </message>
    <message>
        <source>Unknown level: {level}</source>
        <translation>Unbekannte Stufe: {level}</translation>
    </message>
    <message>
        <source>This link was not opened.</source>
        <translation>Dieser Link wurde nicht geöffnet.</translation>
    </message>
    <message>
        <source>Only web and e-mail links open from a reply; this one is: {url}</source>
        <translation>Aus einer Antwort öffnen sich nur Web- und E-Mail-Links; dieser ist: {url}</translation>
    </message>
    <message>
        <source>Open link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <source>Open this address in your browser?

{url}</source>
        <translation>Diese Adresse im Browser öffnen?

{url}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>{title} - reply</source>
        <translation>{title} - Antwort</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Export reply</source>
        <translation>Antwort exportieren</translation>
    </message>
    <message>
        <source>Saved to {name}.</source>
        <translation>Gespeichert als {name}.</translation>
    </message>
    <message>
        <source>Editing your message. Send saves it as a new version and answers it; the earlier version stays (the arrows on the message). Esc cancels.</source>
        <translation>Sie bearbeiten Ihre Nachricht. „Senden“ speichert sie als neue Version und beantwortet sie; die frühere Version bleibt erhalten (die Pfeile an der Nachricht). Esc bricht ab.</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>Umschreiben</translation>
    </message>
    <message>
        <source>How should it be rewritten? (e.g. “for a ten-year-old”)</source>
        <translation>Wie soll es umgeschrieben werden? (z. B. „für ein zehnjähriges Kind“)</translation>
    </message>
    <message>
        <source>The selection could not be matched to the reply&apos;s text, so the whole reply is rewritten.</source>
        <translation>Die Auswahl ließ sich dem Text der Antwort nicht zuordnen, daher wird die ganze Antwort umgeschrieben.</translation>
    </message>
</context>
<context>
    <name>common</name>
    <message>
        <source>Complexity: auto</source>
        <translation>Komplexität: automatisch</translation>
    </message>
    <message>
        <source>where the model runs</source>
        <translation>wo das Modell läuft</translation>
    </message>
    <message>
        <source>longest conversation</source>
        <translation>längste Unterhaltung</translation>
    </message>
    <message>
        <source>prompt chunk size</source>
        <translation>Größe der Eingabeblöcke</translation>
    </message>
    <message>
        <source>idle-unload time</source>
        <translation>Entladezeit bei Leerlauf</translation>
    </message>
    <message>
        <source>models folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The best this computer has (automatic)</source>
        <translation>Das Beste, was dieser Computer hat (automatisch)</translation>
    </message>
    <message>
        <source>NVIDIA GPU, else the processor</source>
        <translation>NVIDIA-Grafikkarte, sonst der Prozessor</translation>
    </message>
    <message>
        <source>DirectML GPU (Windows), else the processor</source>
        <translation>DirectML-Grafikkarte (Windows), sonst der Prozessor</translation>
    </message>
    <message>
        <source>NVIDIA GPU, else DirectML GPU, else the processor</source>
        <translation>NVIDIA-Grafikkarte, sonst DirectML-Grafikkarte, sonst der Prozessor</translation>
    </message>
    <message>
        <source>The processor only (CPU)</source>
        <translation>Nur der Prozessor (CPU)</translation>
    </message>
    <message>
        <source>Longest reply (tokens)</source>
        <translation>Längste Antwort (Tokens)</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert (Seed)</translation>
    </message>
    <message>
        <source>Stop texts</source>
        <translation>Stopptexte</translation>
    </message>
    <message>
        <source>Longest conversation (tokens)</source>
        <translation>Längste Unterhaltung (Tokens)</translation>
    </message>
    <message>
        <source>Prompt chunk (tokens)</source>
        <translation>Eingabeblock (Tokens)</translation>
    </message>
    <message>
        <source>Unload when idle (minutes)</source>
        <translation>Bei Leerlauf entladen (Minuten)</translation>
    </message>
    <message>
        <source>Run the model on</source>
        <translation>Modell ausführen auf</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Look for sensitive data before routing</source>
        <translation>Vor dem Weiterleiten nach vertraulichen Daten suchen</translation>
    </message>
    <message>
        <source>Privacy of new conversations</source>
        <translation>Datenschutz neuer Unterhaltungen</translation>
    </message>
    <message>
        <source>Keep deleted conversations in the Trash (days)</source>
        <translation>Gelöschte Unterhaltungen im Papierkorb behalten (Tage)</translation>
    </message>
    <message>
        <source>Lock after this many minutes without use (0: only at start)</source>
        <translation>Nach so vielen Minuten ohne Benutzung sperren (0: nur beim Start)</translation>
    </message>
    <message>
        <source>Programs using the local API server may use the cloud</source>
        <translation>Programme, die den lokalen API-Server nutzen, dürfen die Cloud verwenden</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High: stays on this computer</source>
        <translation>Hoch: bleibt auf diesem Computer</translation>
    </message>
    <message>
        <source>Local only</source>
        <translation>Nur lokal</translation>
    </message>
    <message>
        <source>May go to a cloud provider when cloud providers are on; your routing rules may send it to the cheapest one.</source>
        <translation>Darf an einen Cloud-Anbieter gehen, wenn Cloud-Anbieter eingeschaltet sind; Ihre Weiterleitungsregeln können es an den günstigsten senden.</translation>
    </message>
    <message>
        <source>The usual level: your routing rules decide. With cloud providers off (the default) it stays on this computer.</source>
        <translation>Die übliche Stufe: Ihre Weiterleitungsregeln entscheiden. Mit ausgeschalteten Cloud-Anbietern (Standard) bleibt es auf diesem Computer.</translation>
    </message>
    <message>
        <source>Stays on this computer: only the local model answers. Lowering it later asks you first.</source>
        <translation>Bleibt auf diesem Computer: Nur das lokale Modell antwortet. Vor einem späteren Herabsetzen wird nachgefragt.</translation>
    </message>
    <message>
        <source>Never leaves this computer, whatever the rules, the fallback chain or a budget say.</source>
        <translation>Verlässt diesen Computer nie, egal was Regeln, Ausweichkette oder ein Budget sagen.</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Hoher Kontrast</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English (Englisch)</translation>
    </message>
    <message>
        <source>Deutsch (German)</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>Needs a restart.</source>
        <translation>Erfordert einen Neustart.</translation>
    </message>
    <message>
        <source>Applies to new conversations.</source>
        <translation>Gilt für neue Unterhaltungen.</translation>
    </message>
    <message>
        <source>Applies when the app next starts or closes (the Trash is emptied then).</source>
        <translation>Gilt beim nächsten Start oder Beenden der App (dann wird der Papierkorb geleert).</translation>
    </message>
    <message>
        <source>Applies from the next reply.</source>
        <translation>Gilt ab der nächsten Antwort.</translation>
    </message>
    <message>
        <source>Applies at once.</source>
        <translation>Gilt sofort.</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>durch Kommas getrennt</translation>
    </message>
    <message>
        <source>empty: default</source>
        <translation>leer: Standard</translation>
    </message>
</context>
<context>
    <name>convert</name>
    <message>
        <source>Cancel conversion</source>
        <translation>Umwandlung abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Import a GGUF file</source>
        <translation>GGUF-Datei importieren</translation>
    </message>
    <message>
        <source>int4 is smallest and fastest; fp16/fp32 keep more of the original quality. Converting takes a few minutes and needs free disk and memory of a few times the model&apos;s size: it is checked before anything is written.</source>
        <translation>int4 ist am kleinsten und schnellsten; fp16/fp32 erhalten mehr von der ursprünglichen Qualität. Das Umwandeln dauert einige Minuten und braucht freien Speicherplatz und Arbeitsspeicher von einem Mehrfachen der Modellgröße: Das wird geprüft, bevor etwas geschrieben wird.</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>Umwandeln</translation>
    </message>
</context>
<context>
    <name>downloads</name>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>No downloads yet. Pick a model in the Catalog tab.</source>
        <translation>Noch keine Downloads. Wählen Sie ein Modell im Reiter „Katalog“.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Abgeschlossene entfernen</translation>
    </message>
    <message>
        <source>Downloads ({count})</source>
        <translation>Downloads ({count})</translation>
    </message>
    <message>
        <source>Paused. What was downloaded is kept, also if you quit: Resume continues from there.</source>
        <translation>Pausiert. Was schon heruntergeladen ist, bleibt erhalten, auch wenn Sie die App beenden: „Fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
        <source>Downloaded and checked. It is in the Installed tab.</source>
        <translation>Heruntergeladen und geprüft. Es steht im Reiter „Installiert“.</translation>
    </message>
</context>
<context>
    <name>general</name>
    <message>
        <source>Replies</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Defaults for every reply of the local model; a routing rule can set its own temperature and length.</source>
        <translation>Standardwerte für jede Antwort des lokalen Modells; eine Weiterleitungsregel kann eigene Temperatur und Länge festlegen.</translation>
    </message>
    <message>
        <source>Local engine</source>
        <translation>Lokale Engine</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Keep cloud off</source>
        <translation>Cloud ausgeschaltet lassen</translation>
    </message>
    <message>
        <source>Turn cloud on</source>
        <translation>Cloud einschalten</translation>
    </message>
    <message>
        <source>Cloud providers</source>
        <translation>Cloud-Anbieter</translation>
    </message>
    <message>
        <source>Use cloud providers</source>
        <translation>Cloud-Anbieter verwenden</translation>
    </message>
    <message>
        <source>Sensitive data</source>
        <translation>Vertrauliche Daten</translation>
    </message>
    <message>
        <source>Deleted conversations</source>
        <translation>Gelöschte Unterhaltungen</translation>
    </message>
    <message>
        <source>Conversations on this computer</source>
        <translation>Unterhaltungen auf diesem Computer</translation>
    </message>
    <message>
        <source>Encrypt the conversation database</source>
        <translation>Unterhaltungsdatenbank verschlüsseln</translation>
    </message>
    <message>
        <source>App lock</source>
        <translation>App-Sperre</translation>
    </message>
    <message>
        <source>Local API server</source>
        <translation>Lokaler API-Server</translation>
    </message>
    <message>
        <source>ON: the conversations are encrypted on disk; the key is in your OS keyring (lose it and they cannot be read).</source>
        <translation>AN: Die Unterhaltungen sind auf der Festplatte verschlüsselt; der Schlüssel liegt im Schlüsselbund Ihres Systems (geht er verloren, sind sie nicht mehr lesbar).</translation>
    </message>
    <message>
        <source>OFF: the conversations are stored unencrypted in the data folder.</source>
        <translation>AUS: Die Unterhaltungen liegen unverschlüsselt im Datenordner.</translation>
    </message>
    <message>
        <source>ON: messages may go to the providers you configured when your rules send them there. High-privacy, local-only and sensitive messages never leave.</source>
        <translation>AN: Nachrichten dürfen an die eingerichteten Anbieter gehen, wenn Ihre Regeln sie dorthin senden. Nachrichten mit hohem Datenschutz, nur lokale und vertrauliche Nachrichten verlassen diesen Computer nie.</translation>
    </message>
    <message>
        <source>OFF: every message stays on this computer, whatever the rules say.</source>
        <translation>AUS: Jede Nachricht bleibt auf diesem Computer, egal was die Regeln sagen.</translation>
    </message>
</context>
<context>
    <name>hardware</name>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Disk for models</source>
        <translation>Speicherplatz für Modelle</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>Grafikprozessoren</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>Läuft auf</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh hardware</source>
        <translation>Hardware neu erkennen</translation>
    </message>
    <message>
        <source>{name} · {cores} cores, {threads} threads</source>
        <translation>{name} · {cores} Kerne, {threads} Threads</translation>
    </message>
    <message>
        <source>{free} free of {total}</source>
        <translation>{free} frei von {total}</translation>
    </message>
    <message>
        <source>{free} free ({path})</source>
        <translation>{free} frei ({path})</translation>
    </message>
    <message>
        <source>, {free} free</source>
        <translation>, {free} frei</translation>
    </message>
    <message>
        <source>None found (models run on the CPU)</source>
        <translation>Keine gefunden (Modelle laufen auf der CPU)</translation>
    </message>
    <message>
        <source>{usable} (in use: {pick})</source>
        <translation>{usable} (in Verwendung: {pick})</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
</context>
<context>
    <name>installed</name>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <source>Use for new chats</source>
        <translation>Für neue Chats verwenden</translation>
    </message>
    <message>
        <source>Verify files</source>
        <translation>Dateien prüfen</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Import a folder…</source>
        <translation>Ordner importieren…</translation>
    </message>
    <message>
        <source>Import a GGUF file…</source>
        <translation>GGUF-Datei importieren…</translation>
    </message>
    <message>
        <source>Convert a .gguf file (from LM Studio, Ollama or Jan) into a model this app runs.</source>
        <translation>Eine .gguf-Datei (aus LM Studio, Ollama oder Jan) in ein Modell umwandeln, das diese App ausführt.</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In Verwendung</translation>
    </message>
    <message>
        <source>In use (from {source})</source>
        <translation>In Verwendung (aus {source})</translation>
    </message>
    <message>
        <source>No model loaded: the inference worker uses no memory.</source>
        <translation>Kein Modell geladen: Der Inferenzprozess belegt keinen Speicher.</translation>
    </message>
    <message>
        <source>The inference worker is starting…</source>
        <translation>Der Inferenzprozess startet…</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <source>Agentic Desk</source>
        <translation>Agentic Desk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>New chat from a template…</source>
        <translation>Neuer Chat aus einer Vorlage…</translation>
    </message>
    <message>
        <source>Import conversation (JSON)…</source>
        <translation>Unterhaltung importieren (JSON)…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Löschen rückgängig machen</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
    <message>
        <source>Empty Trash…</source>
        <translation>Papierkorb leeren…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation>Unterhaltungsliste</translation>
    </message>
    <message>
        <source>Undo delete “{title}”</source>
        <translation>Löschen von „{title}“ rückgängig machen</translation>
    </message>
    <message>
        <source>Restore “{title}”</source>
        <translation>„{title}“ wiederherstellen</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… und {count} weitere</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Shorter</source>
        <translation>Kürzer</translation>
    </message>
    <message>
        <source>More formal</source>
        <translation>Förmlicher</translation>
    </message>
    <message>
        <source>Friendlier</source>
        <translation>Freundlicher</translation>
    </message>
    <message>
        <source>Fix grammar</source>
        <translation>Grammatik korrigieren</translation>
    </message>
    <message>
        <source>Your own instruction…</source>
        <translation>Eigene Anweisung…</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Alles anzeigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Rewrite…</source>
        <translation>Umschreiben…</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>Änderung speichern</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} Tokens</translation>
    </message>
    <message>
        <source>cost unknown</source>
        <translation>Kosten unbekannt</translation>
    </message>
    <message>
        <source> ({count} cached)</source>
        <translation> ({count} zwischengespeichert)</translation>
    </message>
    <message>
        <source>Where: {where}</source>
        <translation>Wo: {where}</translation>
    </message>
    <message>
        <source>Model: {model}</source>
        <translation>Modell: {model}</translation>
    </message>
    <message>
        <source>Provider: {provider}</source>
        <translation>Anbieter: {provider}</translation>
    </message>
    <message>
        <source>Prompt tokens: {count}</source>
        <translation>Eingabe-Tokens: {count}</translation>
    </message>
    <message>
        <source>Reply tokens: {count}</source>
        <translation>Antwort-Tokens: {count}</translation>
    </message>
    <message>
        <source>Speed: {speed} tokens/s</source>
        <translation>Geschwindigkeit: {speed} Tokens/s</translation>
    </message>
    <message>
        <source>First token: {ms} ms</source>
        <translation>Erstes Token: {ms} ms</translation>
    </message>
    <message>
        <source>Cost: ${cost}</source>
        <translation>Kosten: ${cost}</translation>
    </message>
    <message>
        <source>Stopped: {reason}</source>
        <translation>Beendet: {reason}</translation>
    </message>
    <message>
        <source>Fallback: {attempt}</source>
        <translation>Ausweichversuch: {attempt}</translation>
    </message>
    <message>
        <source>It stopped before it was finished.</source>
        <translation>Sie brach ab, bevor sie fertig war.</translation>
    </message>
    <message>
        <source>Interrupted. {reason} Continue goes on from where it stopped; Regenerate writes it again.</source>
        <translation>Unterbrochen. {reason} „Fortsetzen“ macht dort weiter, wo sie aufhörte; „Neu erzeugen“ schreibt sie noch einmal.</translation>
    </message>
    <message>
        <source>Stopped. Continue goes on from where it stopped.</source>
        <translation>Angehalten. „Fortsetzen“ macht dort weiter, wo sie aufhörte.</translation>
    </message>
    <message>
        <source>The reply failed.</source>
        <translation>Die Antwort ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Cut short at the length limit ({tokens} tokens). Continue writes more.</source>
        <translation>An der Längengrenze abgeschnitten ({tokens} Tokens). „Fortsetzen“ schreibt weiter.</translation>
    </message>
    <message>
        <source>Cut short at the length limit. Continue writes more.</source>
        <translation>An der Längengrenze abgeschnitten. „Fortsetzen“ schreibt weiter.</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Previous version (Alt+Left)</source>
        <translation>Vorige Version (Alt+Links)</translation>
    </message>
    <message>
        <source>Next version (Alt+Right)</source>
        <translation>Nächste Version (Alt+Rechts)</translation>
    </message>
    <message>
        <source>Rewrite the selected passage, or the whole reply</source>
        <translation>Den markierten Abschnitt oder die ganze Antwort umschreiben</translation>
    </message>
    <message>
        <source>Save as a new version</source>
        <translation>Als neue Version speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Reply finished. {note}</source>
        <translation>Antwort fertig. {note}</translation>
    </message>
    <message>
        <source>Show less</source>
        <translation>Weniger anzeigen</translation>
    </message>
    <message>
        <source>Version {index} of {count}</source>
        <translation>Version {index} von {count}</translation>
    </message>
    <message>
        <source>Edit the reply</source>
        <translation>Antwort bearbeiten</translation>
    </message>
    <message>
        <source>No reply</source>
        <translation>Keine Antwort</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>The reply failed before it began.</source>
        <translation>Die Antwort ist fehlgeschlagen, bevor sie begann.</translation>
    </message>
</context>
<context>
    <name>models_folder</name>
    <message>
        <source>Models folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Downloaded and imported models are kept here. Moving them copies every file, checks each copy, and only then switches to the new folder and deletes the old copies.</source>
        <translation>Heruntergeladene und importierte Modelle liegen hier. Beim Verschieben wird jede Datei kopiert und jede Kopie geprüft; erst dann wird zum neuen Ordner gewechselt und die alten Kopien werden gelöscht.</translation>
    </message>
    <message>
        <source>Move…</source>
        <translation>Verschieben…</translation>
    </message>
    <message>
        <source>Move the models folder</source>
        <translation>Modellordner verschieben</translation>
    </message>
    <message>
        <source>Cancel move</source>
        <translation>Verschieben abbrechen</translation>
    </message>
    <message>
        <source>1 installed model, {size} in all.</source>
        <translation>1 installiertes Modell, insgesamt {size}.</translation>
    </message>
    <message>
        <source>{count} installed models, {size} in all.</source>
        <translation>{count} installierte Modelle, insgesamt {size}.</translation>
    </message>
    <message>
        <source>No models installed yet.</source>
        <translation>Noch keine Modelle installiert.</translation>
    </message>
</context>
<context>
    <name>panel</name>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Models: installed, downloads and catalog</source>
        <translation>Modelle: installiert, Downloads und Katalog</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Installed ({count}) · 1 in use</source>
        <translation>Installiert ({count}) · 1 in Verwendung</translation>
    </message>
    <message>
        <source>Installed ({count})</source>
        <translation>Installiert ({count})</translation>
    </message>
</context>
<context>
    <name>privacy_dialog</name>
    <message>
        <source>Keep it on this computer</source>
        <translation>Auf diesem Computer behalten</translation>
    </message>
    <message>
        <source>Lower privacy</source>
        <translation>Datenschutz herabsetzen</translation>
    </message>
</context>
<context>
    <name>providers</name>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Provider name</source>
        <translation>Name des Anbieters</translation>
    </message>
    <message>
        <source>e.g. openrouter</source>
        <translation>z. B. openrouter</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>https://…/v1</source>
        <translation>https://…/v1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>Zusätzliche Header</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Header hinzufügen</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>Header entfernen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Save provider</source>
        <translation>Anbieter speichern</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Paste the key; it goes straight to the system keyring</source>
        <translation>Schlüssel einfügen; er kommt direkt in den Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>Schlüssel speichern</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>Schlüssel entfernen</translation>
    </message>
    <message>
        <source>Save the provider first, then store its key here.</source>
        <translation>Speichern Sie zuerst den Anbieter und legen Sie dann hier seinen Schlüssel ab.</translation>
    </message>
    <message>
        <source>Key stored in the system keyring: ••••••••</source>
        <translation>Schlüssel im Schlüsselbund des Systems gespeichert: ••••••••</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
</context>
<context>
    <name>recommended</name>
    <message>
        <source>Recommended for this computer</source>
        <translation>Empfohlen für diesen Computer</translation>
    </message>
    <message>
        <source>Looking at this computer…</source>
        <translation>Dieser Computer wird untersucht…</translation>
    </message>
    <message>
        <source>Get the recommended model</source>
        <translation>Empfohlenes Modell holen</translation>
    </message>
    <message>
        <source>Import a model folder…</source>
        <translation>Modellordner importieren…</translation>
    </message>
    <message>
        <source>Check Hugging Face again</source>
        <translation>Erneut bei Hugging Face nachsehen</translation>
    </message>
    <message>
        <source>Asking Hugging Face about the catalog&apos;s models…</source>
        <translation>Hugging Face wird nach den Modellen des Katalogs gefragt…</translation>
    </message>
    <message>
        <source>Agentic Desk has not asked Hugging Face about the catalog yet. Press &lt;i&gt;Check Hugging Face again&lt;/i&gt; to see sizes and what fits this computer.</source>
        <translation>Agentic Desk hat Hugging Face noch nicht nach dem Katalog gefragt. Drücken Sie &lt;i&gt;Erneut bei Hugging Face nachsehen&lt;/i&gt;, um Größen zu sehen und was zu diesem Computer passt.</translation>
    </message>
    <message>
        <source>None of the catalog&apos;s models fits this computer as it is now (see the reasons in the Catalog tab). Closing other apps frees memory.</source>
        <translation>Keines der Katalogmodelle passt im Moment zu diesem Computer (die Gründe stehen im Reiter „Katalog“). Das Schließen anderer Apps gibt Arbeitsspeicher frei.</translation>
    </message>
</context>
<context>
    <name>rewrite_dialog</name>
    <message>
        <source>no words</source>
        <translation>keine Wörter</translation>
    </message>
    <message>
        <source>1 word</source>
        <translation>1 Wort</translation>
    </message>
    <message>
        <source>{count} words</source>
        <translation>{count} Wörter</translation>
    </message>
    <message>
        <source>Rewritten reply</source>
        <translation>Umgeschriebene Antwort</translation>
    </message>
    <message>
        <source>{added} added (underlined), {removed} removed (struck through). Keep the new version? If you keep it, the earlier one stays one click away (the arrows on the reply).</source>
        <translation>{added} hinzugefügt (unterstrichen), {removed} entfernt (durchgestrichen). Die neue Version behalten? Wenn Sie sie behalten, bleibt die frühere einen Klick entfernt (die Pfeile an der Antwort).</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Keep the new version</source>
        <translation>Neue Version behalten</translation>
    </message>
    <message>
        <source>Discard it</source>
        <translation>Verwerfen</translation>
    </message>
</context>
<context>
    <name>routing</name>
    <message>
        <source>Rule-based: the first rule that matches decides; else the default provider.</source>
        <translation>Regelbasiert: Die erste passende Regel entscheidet, sonst der Standardanbieter.</translation>
    </message>
    <message>
        <source>Cost-optimized: rules first; else the cheapest of the default provider and the fallback chain.</source>
        <translation>Kostenoptimiert: zuerst die Regeln, sonst der günstigste aus Standardanbieter und Ausweichkette.</translation>
    </message>
    <message>
        <source>Privacy-first: the local model whenever it can answer; the cloud only as a fallback.</source>
        <translation>Datenschutz zuerst: das lokale Modell, wann immer es antworten kann; die Cloud nur als Ausweichlösung.</translation>
    </message>
    <message>
        <source>Manual: rules are ignored; the default provider (or the one you pick) answers.</source>
        <translation>Manuell: Regeln werden ignoriert; der Standardanbieter (oder der von Ihnen gewählte) antwortet.</translation>
    </message>
    <message>
        <source>Routing rules</source>
        <translation>Weiterleitungsregeln</translation>
    </message>
    <message>
        <source>How messages are routed</source>
        <translation>Wie Nachrichten weitergeleitet werden</translation>
    </message>
    <message>
        <source>Routing mode</source>
        <translation>Weiterleitungsmodus</translation>
    </message>
    <message>
        <source>Default provider</source>
        <translation>Standardanbieter</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Fallback chain</source>
        <translation>Ausweichkette</translation>
    </message>
    <message>
        <source>When the chosen provider fails before answering, these are tried in order.</source>
        <translation>Wenn der gewählte Anbieter vor einer Antwort scheitert, werden diese der Reihe nach versucht.</translation>
    </message>
    <message>
        <source>Provider to add to the fallback chain</source>
        <translation>Anbieter, der zur Ausweichkette hinzugefügt wird</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Move up in the fallback chain</source>
        <translation>In der Ausweichkette nach oben</translation>
    </message>
    <message>
        <source>Move down in the fallback chain</source>
        <translation>In der Ausweichkette nach unten</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>Checked from the top; the first rule that matches sends the message. Drag to reorder. Messages marked high privacy or local-only, and messages with sensitive data, stay on this computer whatever a rule says.</source>
        <translation>Von oben nach unten geprüft; die erste passende Regel sendet die Nachricht. Zum Umsortieren ziehen. Nachrichten mit hohem Datenschutz oder „nur lokal“ sowie Nachrichten mit vertraulichen Daten bleiben auf diesem Computer, egal was eine Regel sagt.</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <source>Move rule up</source>
        <translation>Regel nach oben</translation>
    </message>
    <message>
        <source>Move rule down</source>
        <translation>Regel nach unten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Neue Regel</translation>
    </message>
    <message>
        <source>When privacy is</source>
        <translation>Wenn der Datenschutz</translation>
    </message>
    <message>
        <source>and complexity is</source>
        <translation>und die Komplexität</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Task tags</source>
        <translation>Aufgaben-Tags</translation>
    </message>
    <message>
        <source>any; e.g. coder, research</source>
        <translation>beliebig; z. B. coder, research</translation>
    </message>
    <message>
        <source>At least this many prompt tokens</source>
        <translation>Mindestens so viele Eingabe-Tokens</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>At most this many prompt tokens</source>
        <translation>Höchstens so viele Eingabe-Tokens</translation>
    </message>
    <message>
        <source>local-only</source>
        <translation>nur lokal</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>Local-only</source>
        <translation>Nur lokal</translation>
    </message>
    <message>
        <source>Sensitive data found</source>
        <translation>Vertrauliche Daten gefunden</translation>
    </message>
    <message>
        <source>within budget</source>
        <translation>im Budget</translation>
    </message>
    <message>
        <source>over budget</source>
        <translation>über dem Budget</translation>
    </message>
    <message>
        <source>sensitive data</source>
        <translation>vertrauliche Daten</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>task tags</source>
        <translation>Aufgaben-Tags</translation>
    </message>
    <message>
        <source>prompt ≥ tokens</source>
        <translation>Eingabe ≥ Tokens</translation>
    </message>
    <message>
        <source>prompt ≤ tokens</source>
        <translation>Eingabe ≤ Tokens</translation>
    </message>
    <message>
        <source>then send to</source>
        <translation>dann senden an</translation>
    </message>
    <message>
        <source>Send to provider</source>
        <translation>An Anbieter senden</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>the provider&apos;s model</source>
        <translation>Modell des Anbieters</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Longest reply (tokens)</source>
        <translation>Längste Antwort (Tokens)</translation>
    </message>
    <message>
        <source>temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>reply ≤ tokens</source>
        <translation>Antwort ≤ Tokens</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>shown with each reply, e.g. hard questions</source>
        <translation>wird bei jeder Antwort angezeigt, z. B. schwierige Fragen</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>Regel speichern</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Past a limit, cloud routes are refused and messages run locally. Empty: no limit.</source>
        <translation>Über einem Limit werden Cloud-Wege abgelehnt und Nachrichten lokal beantwortet. Leer: kein Limit.</translation>
    </message>
    <message>
        <source>Most per message ($)</source>
        <translation>Höchstens pro Nachricht ($)</translation>
    </message>
    <message>
        <source>Daily limit ($)</source>
        <translation>Tageslimit ($)</translation>
    </message>
    <message>
        <source>Monthly limit ($)</source>
        <translation>Monatslimit ($)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source>router.config.json</source>
        <translation>router.config.json</translation>
    </message>
    <message>
        <source>agentic-flow&apos;s format. Keys are never written to the file; a key found in an imported file is moved into the system keyring.</source>
        <translation>Das Format von agentic-flow. Schlüssel werden nie in die Datei geschrieben; ein Schlüssel in einer importierten Datei wird in den Schlüsselbund des Systems verschoben.</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Try a prompt</source>
        <translation>Eine Eingabe ausprobieren</translation>
    </message>
    <message>
        <source>Prompt to try</source>
        <translation>Eingabe zum Ausprobieren</translation>
    </message>
    <message>
        <source>Type a message to see where it would run, and why</source>
        <translation>Geben Sie eine Nachricht ein, um zu sehen, wo sie laufen würde und warum</translation>
    </message>
    <message>
        <source>Privacy of the prompt</source>
        <translation>Datenschutz der Eingabe</translation>
    </message>
    <message>
        <source>Privacy: {level}</source>
        <translation>Datenschutz: {level}</translation>
    </message>
    <message>
        <source>Complexity of the prompt</source>
        <translation>Komplexität der Eingabe</translation>
    </message>
    <message>
        <source>Complexity: estimate</source>
        <translation>Komplexität: schätzen</translation>
    </message>
    <message>
        <source>Where would it run?</source>
        <translation>Wo würde sie laufen?</translation>
    </message>
    <message>
        <source> (no limit)</source>
        <translation> (kein Limit)</translation>
    </message>
    <message>
        <source> of ${limit}</source>
        <translation> von ${limit}</translation>
    </message>
    <message>
        <source>Spent so far: ${today} today{of_day}, ${month} this month{of_month}.</source>
        <translation>Bisher ausgegeben: ${today} heute{of_day}, ${month} in diesem Monat{of_month}.</translation>
    </message>
</context>
<context>
    <name>sent</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>What left this computer</source>
        <translation>Was diesen Computer verlassen hat</translation>
    </message>
    <message>
        <source>Every request sent to a cloud provider is recorded here: when, to which provider and model, why routing sent it there, how much was sent, how it ended, and a fingerprint (sha256) of exactly the bytes sent. The text of your messages is never recorded. Each entry includes the one before it, so a changed, removed or reordered entry shows up when you press Verify.</source>
        <translation>Jede Anfrage an einen Cloud-Anbieter wird hier festgehalten: wann, an welchen Anbieter und welches Modell, warum die Weiterleitung sie dorthin geschickt hat, wie viel gesendet wurde, wie sie endete, und ein Fingerabdruck (sha256) genau der gesendeten Bytes. Der Text Ihrer Nachrichten wird nie festgehalten. Jeder Eintrag enthält den vorigen, sodass ein geänderter, entfernter oder umsortierter Eintrag auffällt, wenn Sie „Prüfen“ drücken.</translation>
    </message>
    <message>
        <source>Requests sent to cloud providers, newest first</source>
        <translation>An Cloud-Anbieter gesendete Anfragen, neueste zuerst</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the record again</source>
        <translation>Protokoll neu lesen</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Check that no entry was changed or removed</source>
        <translation>Prüfen, dass kein Eintrag geändert oder entfernt wurde</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Anywhere in the window</source>
        <translation>Überall im Fenster</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Start a new chat</source>
        <translation>Neuen Chat beginnen</translation>
    </message>
    <message>
        <source>New chat from a template</source>
        <translation>Neuer Chat aus einer Vorlage</translation>
    </message>
    <message>
        <source>Export the conversation on screen</source>
        <translation>Die angezeigte Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>Quit Agentic Desk</source>
        <translation>Agentic Desk beenden</translation>
    </message>
    <message>
        <source>Undo deleting a conversation (in a text box: first undoes its own typing)</source>
        <translation>Löschen einer Unterhaltung rückgängig machen (in einem Textfeld: zuerst die eigene Eingabe)</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>Alle Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Show this list of keyboard shortcuts</source>
        <translation>Diese Liste der Tastenkürzel anzeigen</translation>
    </message>
    <message>
        <source>Fold the conversation list away, or back</source>
        <translation>Die Gesprächsliste ein- oder wieder ausklappen</translation>
    </message>
    <message>
        <source>Move to the next control</source>
        <translation>Zum nächsten Bedienelement</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <source>Move to the previous control</source>
        <translation>Zum vorigen Bedienelement</translation>
    </message>
    <message>
        <source>Press the focused button</source>
        <translation>Die ausgewählte Schaltfläche betätigen</translation>
    </message>
    <message>
        <source>A button</source>
        <translation>Eine Schaltfläche</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Die Nachricht senden</translation>
    </message>
    <message>
        <source>Message box</source>
        <translation>Nachrichtenfeld</translation>
    </message>
    <message>
        <source>Start a new line</source>
        <translation>Neue Zeile beginnen</translation>
    </message>
    <message>
        <source>Type a tab character</source>
        <translation>Ein Tabulatorzeichen eingeben</translation>
    </message>
    <message>
        <source>Stop the reply (while editing a message: cancel the edit)</source>
        <translation>Die Antwort anhalten (beim Bearbeiten einer Nachricht: das Bearbeiten abbrechen)</translation>
    </message>
    <message>
        <source>Show the previous version</source>
        <translation>Die vorige Version anzeigen</translation>
    </message>
    <message>
        <source>A message</source>
        <translation>Eine Nachricht</translation>
    </message>
    <message>
        <source>Show the next version</source>
        <translation>Die nächste Version anzeigen</translation>
    </message>
    <message>
        <source>Move into the results</source>
        <translation>In die Treffer wechseln</translation>
    </message>
    <message>
        <source>Search box</source>
        <translation>Suchfeld</translation>
    </message>
    <message>
        <source>Open the selected conversation</source>
        <translation>Die ausgewählte Unterhaltung öffnen</translation>
    </message>
    <message>
        <source>Search box, list</source>
        <translation>Suchfeld, Liste</translation>
    </message>
    <message>
        <source>Clear the search; pressed again: back to the message box</source>
        <translation>Die Suche leeren; erneut gedrückt: zurück zum Nachrichtenfeld</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Everything in Agentic Desk can be done with the keyboard. Tab and Shift+Tab move between controls, Space or Enter presses the focused one.</source>
        <translation>In Agentic Desk geht alles mit der Tastatur. Tab und Umschalt+Tab wechseln zwischen den Bedienelementen, Leertaste oder Enter betätigt das ausgewählte.</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Was sie bewirken</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
</context>
<context>
    <name>sidebar</name>
    <message>
        <source>Pinned</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>January</source>
        <translation>Januar</translation>
    </message>
    <message>
        <source>February</source>
        <translation>Februar</translation>
    </message>
    <message>
        <source>March</source>
        <translation>März</translation>
    </message>
    <message>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <source>June</source>
        <translation>Juni</translation>
    </message>
    <message>
        <source>July</source>
        <translation>Juli</translation>
    </message>
    <message>
        <source>August</source>
        <translation>August</translation>
    </message>
    <message>
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <source>October</source>
        <translation>Oktober</translation>
    </message>
    <message>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <source>December</source>
        <translation>Dezember</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Show chat</source>
        <translation>Chat anzeigen</translation>
    </message>
    <message>
        <source>Show models</source>
        <translation>Modelle anzeigen</translation>
    </message>
    <message>
        <source>Show settings</source>
        <translation>Einstellungen anzeigen</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 Treffer</translation>
    </message>
    <message>
        <source>{count} results</source>
        <translation>{count} Treffer</translation>
    </message>
    <message>
        <source>Conversation: {title}</source>
        <translation>Unterhaltung: {title}</translation>
    </message>
    <message>
        <source> (pinned)</source>
        <translation> (angeheftet)</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>Neuer Chat (Strg+N)</translation>
    </message>
    <message>
        <source>Search all conversations (Ctrl+F)</source>
        <translation>Alle Unterhaltungen durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Hide the conversation list (Ctrl+B)</source>
        <translation>Unterhaltungsliste ausblenden (Strg+B)</translation>
    </message>
    <message>
        <source>From a template…</source>
        <translation>Aus einer Vorlage…</translation>
    </message>
    <message>
        <source>New chat from a template (Ctrl+Shift+N)</source>
        <translation>Neuer Chat aus einer Vorlage (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Show the conversation list (Ctrl+B)</source>
        <translation>Unterhaltungsliste einblenden (Strg+B)</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>System prompt…</source>
        <translation>Systemanweisung…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>Unterhaltung umbenennen</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Nothing to undo: the Trash is empty.</source>
        <translation>Nichts rückgängig zu machen: Der Papierkorb ist leer.</translation>
    </message>
    <message>
        <source>Restored “{title}” from the Trash.</source>
        <translation>„{title}“ aus dem Papierkorb wiederhergestellt.</translation>
    </message>
    <message>
        <source>Empty the Trash</source>
        <translation>Papierkorb leeren</translation>
    </message>
    <message>
        <source>Erase the {count} conversation(s) in the Trash for good? They cannot be restored afterwards.</source>
        <translation>Die {count} Unterhaltung(en) im Papierkorb endgültig löschen? Sie lassen sich danach nicht wiederherstellen.</translation>
    </message>
    <message>
        <source>Emptied the Trash: {count} conversation(s) erased.</source>
        <translation>Papierkorb geleert: {count} Unterhaltung(en) gelöscht.</translation>
    </message>
    <message>
        <source>The Trash is already empty.</source>
        <translation>Der Papierkorb ist schon leer.</translation>
    </message>
    <message>
        <source>Saved to {name}.</source>
        <translation>Gespeichert als {name}.</translation>
    </message>
</context>
<context>
    <name>templates</name>
    <message>
        <source>Default system prompt</source>
        <translation>Standard-Systemanweisung</translation>
    </message>
    <message>
        <source>Instructions the model gets at the start of every new conversation that has none of its own (a template&apos;s system prompt replaces it). Empty: none. Applies to new conversations.</source>
        <translation>Anweisungen, die das Modell zu Beginn jeder neuen Unterhaltung ohne eigene Anweisung erhält (die Systemanweisung einer Vorlage ersetzt sie). Leer: keine. Gilt für neue Unterhaltungen.</translation>
    </message>
    <message>
        <source>e.g. Answer in British English, briefly.</source>
        <translation>z. B. Antworte kurz und auf Deutsch.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the default system prompt</source>
        <translation>Standard-Systemanweisung speichern</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>Start a conversation from one with New chat ▸ From a template. The ones that come with the app cannot be changed: editing one saves your own copy.</source>
        <translation>Starten Sie eine Unterhaltung mit einer Vorlage über Neuer Chat ▸ Aus einer Vorlage. Die mitgelieferten Vorlagen lassen sich nicht ändern: Beim Bearbeiten wird eine eigene Kopie gespeichert.</translation>
    </message>
</context>
<context>
    <name>undo_bar</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Bring the conversation back (Ctrl+Z)</source>
        <translation>Unterhaltung zurückholen (Strg+Z)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the undo bar</source>
        <translation>Leiste zum Rückgängigmachen schließen</translation>
    </message>
    <message>
        <source>Moved “{title}” to the Trash. Press Ctrl+Z or Undo to bring it back.</source>
        <translation>„{title}“ in den Papierkorb verschoben. Mit Strg+Z oder „Rückgängig“ holen Sie sie zurück.</translation>
    </message>
    <message>
        <source>Undo deleting “{title}”</source>
        <translation>Löschen von „{title}“ rückgängig machen</translation>
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <source>Privacy &amp; cloud</source>
        <translation>Datenschutz &amp; Cloud</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Weiterleitung</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>What left this computer</source>
        <translation>Was diesen Computer verlassen hat</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Bereiche der Einstellungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings section</source>
        <translation>Bereich der Einstellungen</translation>
    </message>
    <message>
        <source>{section} settings</source>
        <translation>Einstellungen: {section}</translation>
    </message>
    <message>
        <source>Restart Agentic Desk to apply: {what}.</source>
        <translation>Starten Sie Agentic Desk neu, um dies anzuwenden: {what}.</translation>
    </message>
</context>
</TS>
