<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>Downloaded and checked. It is in the Installed tab.</source>
        <translation>Heruntergeladen und geprüft. Es steht im Reiter „Installiert“.</translation>
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
</context>
<context>
    <name>messages</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
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
        <source>Edit the reply</source>
        <translation>Antwort bearbeiten</translation>
    </message>
    <message>
        <source>The reply failed before it began.</source>
        <translation>Die Antwort ist fehlgeschlagen, bevor sie begann.</translation>
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
</context>
<context>
    <name>rewrite_dialog</name>
    <message>
        <source>Rewritten reply</source>
        <translation>Umgeschriebene Antwort</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>sidebar</name>
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
</context>
</TS>
