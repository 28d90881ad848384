<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CrashDialog</name>
    <message>
        <source>Agentic Desk ran into a problem</source>
        <translation>Bei Agentic Desk ist ein Problem aufgetreten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong that Agentic Desk did not expect.&lt;/b&gt;&lt;br&gt;Your conversations are saved. You can keep working; if the problem comes back, please report it.</source>
        <translation>&lt;b&gt;Etwas ist schiefgegangen, womit Agentic Desk nicht gerechnet hat.&lt;/b&gt;&lt;br&gt;Ihre Unterhaltungen sind gespeichert. Sie können weiterarbeiten; wenn das Problem wieder auftritt, melden Sie es bitte.</translation>
    </message>
    <message>
        <source>To report it, attach the debug info below (Copy debug info) and the log file &lt;code&gt;{log_file}&lt;/code&gt;. Neither holds your messages or your keys.</source>
        <translation>Hängen Sie einer Meldung die Debug-Informationen unten (Debug-Informationen kopieren) und die Protokolldatei &lt;code&gt;{log_file}&lt;/code&gt; an. Keine von beiden enthält Ihre Nachrichten oder Ihre Schlüssel.</translation>
    </message>
    <message>
        <source>Copy debug info</source>
        <translation>Debug-Informationen kopieren</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message numerus="yes">
        <source>What happened (%n problem(s) so far): {summary}</source>
        <translation>
            <numerusform>Was passiert ist (bisher %n Problem): {summary}</numerusform>
            <numerusform>Was passiert ist (bisher %n Probleme): {summary}</numerusform>
        </translation>
    </message>
    <message>
        <source>What happened: {summary}</source>
        <translation>Was passiert ist: {summary}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>ModelsFolderPage</name>
    <message numerus="yes">
        <source>Moved %n model(s) to {destination}.</source>
        <translation>
            <numerusform>%n Modell nach {destination} verschoben.</numerusform>
            <numerusform>%n Modelle nach {destination} verschoben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelsPanel</name>
    <message numerus="yes">
        <source>Resumed %n download(s) left unfinished last time, from where it stopped.</source>
        <translation>
            <numerusform>%n beim letzten Mal nicht beendeter Download wird dort fortgesetzt, wo er aufgehört hat.</numerusform>
            <numerusform>%n beim letzten Mal nicht beendete Downloads werden dort fortgesetzt, wo sie aufgehört haben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PseudonymPreviewDialog</name>
    <message>
        <source>What will leave this computer</source>
        <translation>Was diesen Computer verlässt</translation>
    </message>
    <message>
        <source>This is exactly the text that will be sent to {provider}. The highlighted placeholders stand for personal details; their real values stay on this computer and are put back into the reply.</source>
        <translation>Genau dieser Text wird an {provider} gesendet. Die hervorgehobenen Platzhalter stehen für persönliche Angaben; deren echte Werte bleiben auf diesem Computer und werden in der Antwort wieder eingesetzt.</translation>
    </message>
    <message>
        <source>Text that will be sent</source>
        <translation>Text, der gesendet wird</translation>
    </message>
    <message>
        <source>Don&apos;t send</source>
        <translation>Nicht senden</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
</context>
<context>
    <name>PseudonymiseControls</name>
    <message>
        <source>Cloud with personal details replaced</source>
        <translation>Cloud mit ersetzten persönlichen Angaben</translation>
    </message>
    <message>
        <source>Send to the cloud with personal details replaced</source>
        <translation>Mit ersetzten persönlichen Angaben an die Cloud senden</translation>
    </message>
    <message>
        <source>Names, e-mail addresses, numbers and other personal details are replaced by placeholders such as [PERSON_1] before a request leaves; the reply shows the real values again. Local only never leaves.</source>
        <translation>Namen, E-Mail-Adressen, Nummern und andere persönliche Angaben werden durch Platzhalter wie [PERSON_1] ersetzt, bevor eine Anfrage den Computer verlässt; die Antwort zeigt wieder die echten Werte. „Nur lokal“ verlässt den Computer nie.</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>Vorschau…</translation>
    </message>
    <message>
        <source>Preview what will leave this computer</source>
        <translation>Vorschau dessen, was diesen Computer verlässt</translation>
    </message>
    <message>
        <source>This message would not leave this computer: {why}</source>
        <translation>Diese Nachricht würde diesen Computer nicht verlassen: {why}</translation>
    </message>
</context>
<context>
    <name>SentPage</name>
    <message numerus="yes">
        <source>%n request(s) sent to cloud providers.</source>
        <translation>
            <numerusform>%n Anfrage an Cloud-Anbieter gesendet.</numerusform>
            <numerusform>%n Anfragen an Cloud-Anbieter gesendet.</numerusform>
        </translation>
    </message>
</context>
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
    <name>app</name>
    <message>
        <source>Loading {name}… (the first reply takes a moment)</source>
        <translation>{name} wird geladen … (die erste Antwort dauert einen Moment)</translation>
    </message>
    <message>
        <source>Making the 8-bit copy of {name} (once): {done} of {total} products… Stop cancels.</source>
        <translation>Die 8-Bit-Kopie von {name} wird erstellt (einmalig): {done} von {total} Produkten … Stopp bricht ab.</translation>
    </message>
    <message>
        <source>8-bit compute is not used for {name}: {reason}</source>
        <translation>8-Bit-Rechnen wird für {name} nicht verwendet: {reason}</translation>
    </message>
    <message>
        <source>{name} is loaded. Context: {context_reason}</source>
        <translation>{name} ist geladen. Kontext: {context_reason}</translation>
    </message>
    <message>
        <source>{display_name} is ready: say hello!</source>
        <translation>{display_name} ist bereit: Sagen Sie Hallo!</translation>
    </message>
    <message>
        <source>The privacy detector now finds names with {name}.</source>
        <translation>Die Datenschutzprüfung findet Namen jetzt mit {name}.</translation>
    </message>
</context>
<context>
    <name>applock</name>
    <message>
        <source>Agentic Desk is locked</source>
        <translation>Agentic Desk ist gesperrt</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your conversations are locked.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ihre Unterhaltungen sind gesperrt.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Agentic Desk locked itself after a while without use.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Agentic Desk hat sich nach einer Weile ohne Nutzung gesperrt.&lt;/b&gt;</translation>
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
        <source>Too many wrong tries: wait {seconds} seconds, then try again.</source>
        <translation>Zu viele falsche Versuche: Warten Sie {seconds} Sekunden und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Sie können es jetzt erneut versuchen.</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <source>Set a passphrase</source>
        <translation>Passphrase festlegen</translation>
    </message>
    <message>
        <source>Turn the app lock off</source>
        <translation>App-Sperre ausschalten</translation>
    </message>
    <message>
        <source>The passphrase is asked for when Agentic Desk starts (and after a while without use). It is not stored anywhere: forget it and the conversations cannot be read.</source>
        <translation>Die Passphrase wird beim Start von Agentic Desk abgefragt (und nach einer Weile ohne Benutzung). Sie wird nirgends gespeichert: Wenn Sie sie vergessen, können die Unterhaltungen nicht mehr gelesen werden.</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Aktuelle Passphrase</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <source>New passphrase again</source>
        <translation>Neue Passphrase wiederholen</translation>
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
        <source>Change</source>
        <translation>Ändern</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>Einschalten</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>Ausschalten</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>Die beiden neuen Passphrasen sind verschieden.</translation>
    </message>
    <message>
        <source>Type the same one in both fields.</source>
        <translation>Geben Sie in beide Felder dieselbe ein.</translation>
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
    <message>
        <source>The passphrase was changed.</source>
        <translation>Die Passphrase wurde geändert.</translation>
    </message>
    <message>
        <source>Locking the key</source>
        <translation>Schlüssel wird gesperrt</translation>
    </message>
    <message>
        <source>Unlocking the key</source>
        <translation>Schlüssel wird entsperrt</translation>
    </message>
    <message>
        <source>Changing the passphrase</source>
        <translation>Passphrase wird geändert</translation>
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
        <source>longest reply (tokens)</source>
        <translation>längste Antwort (Tokens)</translation>
    </message>
    <message>
        <source>Start conversation</source>
        <translation>Unterhaltung beginnen</translation>
    </message>
    <message>
        <source>Skipped: </source>
        <translation>Übersprungen: </translation>
    </message>
    <message>
        <source>Privacy: {privacy}</source>
        <translation>Datenschutz: {privacy}</translation>
    </message>
    <message>
        <source>Reply settings: </source>
        <translation>Antworteinstellungen: </translation>
    </message>
    <message>
        <source>Comes with Agentic Desk</source>
        <translation>Mit Agentic Desk mitgeliefert</translation>
    </message>
    <message>
        <source>Your template</source>
        <translation>Ihre Vorlage</translation>
    </message>
    <message>
        <source>Started from the template “{template}”. </source>
        <translation>Begonnen mit der Vorlage „{template}“. </translation>
    </message>
    <message>
        <source>The model reads these instructions before every reply in this conversation.</source>
        <translation>Das Modell liest diese Anweisungen vor jeder Antwort in dieser Unterhaltung.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Beschriftung</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <source>Several lines</source>
        <translation>Mehrere Zeilen</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Pflichtfeld</translation>
    </message>
    <message>
        <source>Edit template</source>
        <translation>Vorlage bearbeiten</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>Neue Vorlage</translation>
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
    <message>
        <source>(comes with the app)</source>
        <translation>(mit der App mitgeliefert)</translation>
    </message>
    <message>
        <source>Some template files could not be read and are not listed: </source>
        <translation>Einige Vorlagendateien konnten nicht gelesen werden und fehlen in der Liste: </translation>
    </message>
    <message>
        <source>Created “{name}”.</source>
        <translation>„{name}“ wurde angelegt.</translation>
    </message>
    <message>
        <source>Saved as a new template, “{name}” (the original comes with the app).</source>
        <translation>Als neue Vorlage „{name}“ gespeichert (das Original wird mit der App mitgeliefert).</translation>
    </message>
    <message>
        <source>Saved “{name}”.</source>
        <translation>„{name}“ wurde gespeichert.</translation>
    </message>
    <message>
        <source>Made “{name}”.</source>
        <translation>„{name}“ wurde erstellt.</translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation>„{name}“ wurde gelöscht.</translation>
    </message>
    <message>
        <source>Import a template</source>
        <translation>Vorlage importieren</translation>
    </message>
    <message>
        <source>Templates (*.json)</source>
        <translation>Vorlagen (*.json)</translation>
    </message>
    <message>
        <source>Imported “{name}”.</source>
        <translation>„{name}“ wurde importiert.</translation>
    </message>
    <message>
        <source>Export the template</source>
        <translation>Vorlage exportieren</translation>
    </message>
    <message>
        <source>Exported “{name}” to {path}.</source>
        <translation>„{name}“ wurde nach {path} exportiert.</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <source>Download size</source>
        <translation>Downloadgröße</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Passt?</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Model catalog</source>
        <translation>Modellkatalog</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Hugging Face could not be reached.</source>
        <translation>Hugging Face war nicht erreichbar.</translation>
    </message>
    <message>
        <source>Not asked yet.</source>
        <translation>Noch nicht abgefragt.</translation>
    </message>
    <message>
        <source>{name} (recommended)</source>
        <translation>{name} (empfohlen)</translation>
    </message>
    <message>
        <source>{fit} · {tokens} context</source>
        <translation>{fit} · {tokens} Kontext</translation>
    </message>
    <message>
        <source>&quot;(recommended)&quot; marks the model chosen for this computer.</source>
        <translation>„(empfohlen)“ kennzeichnet das für diesen Computer gewählte Modell.</translation>
    </message>
    <message>
        <source>Sizes: {unknown_size}.</source>
        <translation>Größen: {unknown_size}.</translation>
    </message>
</context>
<context>
    <name>chat_pane</name>
    <message>
        <source>This message holds {what}: if it goes to the cloud, placeholders go in its place, and the real values stay on this computer.</source>
        <translation>Diese Nachricht enthält {what}: Geht sie in die Cloud, stehen dort Platzhalter an ihrer Stelle, und die echten Werte bleiben auf diesem Computer.</translation>
    </message>
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
        <source>8-bit compute</source>
        <translation>8-Bit-Rechnen</translation>
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
        <source>Faster long prompts on the processor (8-bit compute)</source>
        <translation>Schnellere lange Eingaben auf dem Prozessor (8-Bit-Rechnen)</translation>
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
        <source>Always sensitive (your terms)</source>
        <translation>Immer vertraulich (Ihre Begriffe)</translation>
    </message>
    <message>
        <source>Find names and addresses with the names model</source>
        <translation>Namen und Adressen mit dem Namensmodell finden</translation>
    </message>
    <message>
        <source>Names model (&apos;built-in&apos; or a folder)</source>
        <translation>Namensmodell („built-in“ oder ein Ordner)</translation>
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
        <source>Their requests go with personal details replaced</source>
        <translation>Ihre Anfragen werden mit ersetzten persönlichen Angaben gesendet</translation>
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
    <message>
        <source>Low and Normal may use cloud providers when they are on; High and Local only stay on this computer (Local only whatever the rules say). Hover a level for more.</source>
        <translation>Niedrig und Normal dürfen Cloud-Anbieter nutzen, wenn diese eingeschaltet sind; Hoch und Nur lokal bleiben auf diesem Computer (Nur lokal unabhängig von den Regeln). Zeigen Sie auf eine Stufe, um mehr zu erfahren.</translation>
    </message>
    <message>
        <source>{description} Set by {variable} for this run; unset it to change it here.</source>
        <translation>{description} Für diesen Lauf durch {variable} festgelegt; entfernen Sie die Variable, um den Wert hier zu ändern.</translation>
    </message>
    <message>
        <source>Fits</source>
        <translation>Passt</translation>
    </message>
    <message>
        <source>Tight</source>
        <translation>Knapp</translation>
    </message>
    <message>
        <source>Will not fit</source>
        <translation>Passt nicht</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>convert</name>
    <message>
        <source>Cancel conversion</source>
        <translation>Umwandlung abbrechen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>A GGUF file is already being converted.</source>
        <translation>Es wird schon eine GGUF-Datei umgewandelt.</translation>
    </message>
    <message>
        <source>Wait for it, or cancel it.</source>
        <translation>Warten Sie darauf oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <source>Converting {source}: starting…</source>
        <translation>{source} wird umgewandelt: Start …</translation>
    </message>
    <message>
        <source>Converting {source}: {label}{detail} · {value:.0f}%</source>
        <translation>{source} wird umgewandelt: {label}{detail} · {value:.0f} %</translation>
    </message>
    <message>
        <source>Imported {name} from its GGUF file{value} in {seconds:.0f} s. It runs like any other model here.</source>
        <translation>{name} wurde aus seiner GGUF-Datei{value} in {seconds:.0f} s importiert. Es läuft hier wie jedes andere Modell.</translation>
    </message>
    <message>
        <source>Conversion cancelled; its temporary files were removed.</source>
        <translation>Umwandlung abgebrochen; ihre temporären Dateien wurden entfernt.</translation>
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
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA-GPU (CUDA)</translation>
    </message>
    <message>
        <source>GPU on Windows (DirectML)</source>
        <translation>GPU unter Windows (DirectML)</translation>
    </message>
    <message>
        <source>(not usable on this computer)</source>
        <translation>(auf diesem Computer nicht nutzbar)</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>Ausführen auf</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
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
    <name>core</name>
    <message>
        <source>That passphrase is not right.</source>
        <translation>Diese Passphrase stimmt nicht.</translation>
    </message>
    <message>
        <source>Type it again (letter case matters). Without it the conversations cannot be opened.</source>
        <translation>Geben Sie sie erneut ein (Groß- und Kleinschreibung zählt). Ohne sie lassen sich die Unterhaltungen nicht öffnen.</translation>
    </message>
    <message>
        <source>The conversations are locked with a passphrase.</source>
        <translation>Die Unterhaltungen sind mit einer Passphrase gesperrt.</translation>
    </message>
    <message>
        <source>Unlock them with your passphrase (in the window, or on the command line when asked).</source>
        <translation>Entsperren Sie sie mit Ihrer Passphrase (im Fenster oder auf der Befehlszeile, wenn danach gefragt wird).</translation>
    </message>
    <message>
        <source>The passphrase is too short: use at least {min_passphrase} characters.</source>
        <translation>Die Passphrase ist zu kurz: Verwenden Sie mindestens {min_passphrase} Zeichen.</translation>
    </message>
    <message>
        <source>A few unrelated words make a passphrase that is long and easy to remember.</source>
        <translation>Einige Wörter ohne Zusammenhang ergeben eine Passphrase, die lang und leicht zu merken ist.</translation>
    </message>
    <message>
        <source>The locked conversation database key in the keyring ({wrapped_name}) is damaged.</source>
        <translation>Der gesperrte Schlüssel der Unterhaltungsdatenbank im Schlüsselbund ({wrapped_name}) ist beschädigt.</translation>
    </message>
    <message>
        <source>Restore the keyring entry from a backup; without it the conversations cannot be read. Nothing was changed.</source>
        <translation>Stellen Sie den Eintrag im Schlüsselbund aus einer Sicherung wieder her; ohne ihn lassen sich die Unterhaltungen nicht lesen. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The locked conversation database key in the keyring does not decrypt although the passphrase is right: the entry was changed.</source>
        <translation>Der gesperrte Schlüssel der Unterhaltungsdatenbank im Schlüsselbund lässt sich nicht entschlüsseln, obwohl die Passphrase stimmt: Der Eintrag wurde verändert.</translation>
    </message>
    <message>
        <source>Restore the keyring entry from a backup. Nothing was changed.</source>
        <translation>Stellen Sie den Eintrag im Schlüsselbund aus einer Sicherung wieder her. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The app lock is off: the keyring holds no locked key.</source>
        <translation>Die App-Sperre ist aus: Der Schlüsselbund enthält keinen gesperrten Schlüssel.</translation>
    </message>
    <message>
        <source>Nothing to unlock; turn the lock on first if you want one.</source>
        <translation>Es gibt nichts zu entsperren; schalten Sie zuerst die Sperre ein, wenn Sie eine möchten.</translation>
    </message>
    <message>
        <source>The keyring did not keep the locked key.</source>
        <translation>Der Schlüsselbund hat den gesperrten Schlüssel nicht gespeichert.</translation>
    </message>
    <message>
        <source>Check that the keyring is unlocked and writable; nothing was changed.</source>
        <translation>Prüfen Sie, ob der Schlüsselbund entsperrt und beschreibbar ist; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The app lock needs the conversation database to be encrypted.</source>
        <translation>Die App-Sperre setzt voraus, dass die Unterhaltungsdatenbank verschlüsselt ist.</translation>
    </message>
    <message>
        <source>Turn encryption on first (agentic-desk conversations encrypt on, or Settings → Privacy &amp; cloud), then the lock.</source>
        <translation>Schalten Sie zuerst die Verschlüsselung ein (agentic-desk conversations encrypt on oder Einstellungen → Datenschutz &amp; Cloud), dann die Sperre.</translation>
    </message>
    <message>
        <source>The app lock is already on.</source>
        <translation>Die App-Sperre ist schon eingeschaltet.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The keyring holds no conversation database key to lock.</source>
        <translation>Der Schlüsselbund enthält keinen Schlüssel der Unterhaltungsdatenbank, der gesperrt werden könnte.</translation>
    </message>
    <message>
        <source>Open the conversations once with encryption on (so the key is made), then turn the lock on. Nothing was changed.</source>
        <translation>Öffnen Sie die Unterhaltungen einmal mit eingeschalteter Verschlüsselung (damit der Schlüssel entsteht) und schalten Sie dann die Sperre ein. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The locked key did not read back.</source>
        <translation>Der gesperrte Schlüssel ließ sich nicht zurücklesen.</translation>
    </message>
    <message>
        <source>The keyring did not keep the conversation database key.</source>
        <translation>Der Schlüsselbund hat den Schlüssel der Unterhaltungsdatenbank nicht gespeichert.</translation>
    </message>
    <message>
        <source>Check that the keyring is unlocked and writable; the lock is still on.</source>
        <translation>Prüfen Sie, ob der Schlüsselbund entsperrt und beschreibbar ist; die Sperre ist weiterhin eingeschaltet.</translation>
    </message>
    <message>
        <source>The file {name}</source>
        <translation>Die Datei {name}</translation>
    </message>
    <message>
        <source>Choose a template file exported from Agentic Desk.</source>
        <translation>Wählen Sie eine Vorlagendatei, die aus Agentic Desk exportiert wurde.</translation>
    </message>
    <message>
        <source>{where} is not a usable template: {name} {problem}.</source>
        <translation>{where} ist keine verwendbare Vorlage: {name} {problem}.</translation>
    </message>
    <message>
        <source>Fix the file or export the template again from Agentic Desk.</source>
        <translation>Korrigieren Sie die Datei oder exportieren Sie die Vorlage erneut aus Agentic Desk.</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>must be “{format}” (is it a template file?)</source>
        <translation>muss „{format}“ sein (ist es eine Vorlagendatei?)</translation>
    </message>
    <message>
        <source>must be a whole number of 1 or more</source>
        <translation>muss eine ganze Zahl ab 1 sein</translation>
    </message>
    <message>
        <source>{where} was written by a newer Agentic Desk (template format {version}; this version reads up to {version2}).</source>
        <translation>{where} wurde von einer neueren Version von Agentic Desk geschrieben (Vorlagenformat {version}; diese Version liest bis {version2}).</translation>
    </message>
    <message>
        <source>Update Agentic Desk to use it.</source>
        <translation>Aktualisieren Sie Agentic Desk, um sie zu verwenden.</translation>
    </message>
    <message>
        <source>is not a template field</source>
        <translation>ist kein Feld einer Vorlage</translation>
    </message>
    <message>
        <source>must be an object of reply settings</source>
        <translation>muss ein Objekt mit Antworteinstellungen sein</translation>
    </message>
    <message>
        <source>must be one of {levels}</source>
        <translation>muss eines davon sein: {levels}</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>muss eine Liste sein</translation>
    </message>
    <message>
        <source>must have at most {max_fields} entries</source>
        <translation>darf höchstens {max_fields} Einträge haben</translation>
    </message>
    <message>
        <source>must not be empty (nor the first message)</source>
        <translation>darf nicht leer sein (ebenso wenig die erste Nachricht)</translation>
    </message>
    <message>
        <source>The template “{name}”</source>
        <translation>Die Vorlage „{name}“</translation>
    </message>
    <message>
        <source>{name} is too large to be a template ({size:,} bytes).</source>
        <translation>{name} ist zu groß für eine Vorlage ({size:,} Bytes).</translation>
    </message>
    <message>
        <source>There is no template called “{name}”.</source>
        <translation>Es gibt keine Vorlage namens „{name}“.</translation>
    </message>
    <message>
        <source>The template “{template_id}” no longer exists.</source>
        <translation>Die Vorlage „{template_id}“ gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>It may have been deleted; the list shows the templates there are.</source>
        <translation>Sie wurde vielleicht gelöscht; die Liste zeigt die vorhandenen Vorlagen.</translation>
    </message>
    <message>
        <source>The template “{name}” has no field {unknown}.</source>
        <translation>Die Vorlage „{name}“ hat kein Feld {unknown}.</translation>
    </message>
    <message>
        <source>Its fields are: {have}.</source>
        <translation>Ihre Felder sind: {have}.</translation>
    </message>
    <message>
        <source>The template “{name}” needs a value for {labels}.</source>
        <translation>Die Vorlage „{name}“ braucht einen Wert für {labels}.</translation>
    </message>
    <message>
        <source>Fill in every field marked required, then start the conversation.</source>
        <translation>Füllen Sie jedes als erforderlich markierte Feld aus und beginnen Sie dann die Unterhaltung.</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>muss Text sein</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>must be at most {limit:,} characters</source>
        <translation>darf höchstens {limit:,} Zeichen haben</translation>
    </message>
    <message>
        <source>must be an object with a name and a label</source>
        <translation>muss ein Objekt mit einem Namen und einer Beschriftung sein</translation>
    </message>
    <message>
        <source>is not a field setting</source>
        <translation>ist keine Feldeinstellung</translation>
    </message>
    <message>
        <source>“{field_name}” is used twice</source>
        <translation>„{field_name}“ kommt zweimal vor</translation>
    </message>
    <message>
        <source>“multiline” and “required” must be true or false</source>
        <translation>„multiline“ und „required“ müssen true oder false sein</translation>
    </message>
    <message>
        <source>The starter template {name}</source>
        <translation>Die mitgelieferte Vorlage {name}</translation>
    </message>
    <message>
        <source>The templates are: {names}.</source>
        <translation>Die Vorlagen sind: {names}.</translation>
    </message>
    <message>
        <source>There are no templates yet.</source>
        <translation>Es gibt noch keine Vorlagen.</translation>
    </message>
    <message>
        <source>“{name}” comes with Agentic Desk and cannot be deleted.</source>
        <translation>„{name}“ gehört zu Agentic Desk und kann nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>Duplicate it to make a version of your own.</source>
        <translation>Duplizieren Sie sie, um eine eigene Version anzulegen.</translation>
    </message>
    <message>
        <source>--field {item!r} is not of the form name=value.</source>
        <translation>--field {item!r} hat nicht die Form name=wert.</translation>
    </message>
    <message>
        <source>Write it like --field recipient=&quot;Ms Jones&quot;.</source>
        <translation>Schreiben Sie es etwa so: --field recipient=&quot;Frau Jones&quot;.</translation>
    </message>
    <message>
        <source>uses {{{{{group}}}}} but the template has no field of that name</source>
        <translation>verwendet {{{{{group}}}}}, aber die Vorlage hat kein Feld mit diesem Namen</translation>
    </message>
    <message>
        <source>{name} (my version)</source>
        <translation>{name} (meine Version)</translation>
    </message>
    <message>
        <source>The template “{name}” could not be deleted: {reason}.</source>
        <translation>Die Vorlage „{name}“ konnte nicht gelöscht werden: {reason}.</translation>
    </message>
    <message>
        <source>Check that you may change files in {folder}.</source>
        <translation>Prüfen Sie, ob Sie Dateien in {folder} ändern dürfen.</translation>
    </message>
    <message>
        <source>The template could not be written to {path}: {reason}.</source>
        <translation>Die Vorlage konnte nicht nach {path} geschrieben werden: {reason}.</translation>
    </message>
    <message>
        <source>Choose a folder you can write to, with free space.</source>
        <translation>Wählen Sie einen Ordner, in den Sie schreiben dürfen und der freien Platz hat.</translation>
    </message>
    <message>
        <source>There is already a template called “{name}”.</source>
        <translation>Es gibt schon eine Vorlage namens „{name}“.</translation>
    </message>
    <message>
        <source>Choose another name.</source>
        <translation>Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The template “{name}” could not be saved: {reason}.</source>
        <translation>Die Vorlage „{name}“ konnte nicht gespeichert werden: {reason}.</translation>
    </message>
    <message>
        <source>Check that {folder} can be written to and the disk has space.</source>
        <translation>Prüfen Sie, ob {folder} beschreibbar ist und der Datenträger Platz hat.</translation>
    </message>
    <message>
        <source>Nothing has left this computer. Cloud providers are off, so every message stays here.</source>
        <translation>Nichts hat diesen Computer verlassen. Cloud-Anbieter sind ausgeschaltet, daher bleibt jede Nachricht hier.</translation>
    </message>
    <message>
        <source>{chars} chars · ~{tokens} tokens</source>
        <translation>{chars} Zeichen · ~{tokens} Tokens</translation>
    </message>
    <message>
        <source>Nothing has left this computer. Cloud providers are on: a message the routing rules send to one will be listed here.</source>
        <translation>Nichts hat diesen Computer verlassen. Cloud-Anbieter sind eingeschaltet: Eine Nachricht, die die Weiterleitungsregeln an einen davon senden, wird hier aufgeführt.</translation>
    </message>
    <message>
        <source>{chars} chars · {tokens} tokens</source>
        <translation>{chars} Zeichen · {tokens} Tokens</translation>
    </message>
    <message>
        <source>The record is broken: {detail}</source>
        <translation>Das Protokoll ist beschädigt: {detail}</translation>
    </message>
    <message>
        <source>The record is intact: {count} entries.</source>
        <translation>Das Protokoll ist unversehrt: {count} Einträge.</translation>
    </message>
    <message>
        <source>The record is empty and intact.</source>
        <translation>Das Protokoll ist leer und unversehrt.</translation>
    </message>
    <message>
        <source>The record is intact: 1 entry.</source>
        <translation>Das Protokoll ist unversehrt: 1 Eintrag.</translation>
    </message>
    <message>
        <source>line {position} is not a readable entry.</source>
        <translation>Zeile {position} ist kein lesbarer Eintrag.</translation>
    </message>
    <message>
        <source>entry {position} (#{seq}) was changed after it was written (its hash does not match its contents).</source>
        <translation>Eintrag {position} (#{seq}) wurde nach dem Schreiben geändert (sein Hash passt nicht zu seinem Inhalt).</translation>
    </message>
    <message>
        <source>#{first} to #{last}</source>
        <translation>#{first} bis #{last}</translation>
    </message>
    <message>
        <source>entry {missing} is missing before entry {position} (#{seq}).</source>
        <translation>Eintrag {missing} fehlt vor Eintrag {position} (#{seq}).</translation>
    </message>
    <message>
        <source>entry {position} (#{seq}) does not follow the entry before it: an earlier entry was changed or replaced.</source>
        <translation>Eintrag {position} (#{seq}) schließt nicht an den Eintrag davor an: Ein früherer Eintrag wurde geändert oder ersetzt.</translation>
    </message>
    <message>
        <source>entry {count} (the last) is not the one that was written.</source>
        <translation>Eintrag {count} (der letzte) ist nicht der, der geschrieben wurde.</translation>
    </message>
    <message>
        <source>the record&apos;s head is unreadable.</source>
        <translation>der Kopf des Protokolls ist nicht lesbar.</translation>
    </message>
    <message>
        <source>entry {position} was cut off part-way (the file&apos;s tail is missing).</source>
        <translation>Eintrag {position} ist abgeschnitten (das Ende der Datei fehlt).</translation>
    </message>
    <message>
        <source>entry {position} is #{seq}, expected #{expected}: entries were reordered.</source>
        <translation>Eintrag {position} ist #{seq}, erwartet war #{expected}: Einträge wurden umsortiert.</translation>
    </message>
    <message>
        <source>the record ends after 1 entry, but {written} were written: the last {removed} were removed.</source>
        <translation>das Protokoll endet nach 1 Eintrag, geschrieben wurden aber {written}: Die letzten {removed} wurden entfernt.</translation>
    </message>
    <message>
        <source>the record ends after {count} entries, but {written} were written: the last {removed} were removed.</source>
        <translation>das Protokoll endet nach {count} Einträgen, geschrieben wurden aber {written}: Die letzten {removed} wurden entfernt.</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>{size} GB</source>
        <translation>{size} GB</translation>
    </message>
    <message>
        <source>{gb} ({gb2} of weights, {gb3} of cache for {tokens:,} tokens and {gb4} for the runtime)</source>
        <translation>{gb} ({gb2} für die Gewichte, {gb3} Zwischenspeicher für {tokens:,} Tokens und {gb4} für die Laufzeitumgebung)</translation>
    </message>
    <message>
        <source>{gb} of memory is free</source>
        <translation>{gb} Arbeitsspeicher ist frei</translation>
    </message>
    <message>
        <source>; a conversation may grow to {ceiling:,} tokens in the memory free now</source>
        <translation>; eine Unterhaltung kann im jetzt freien Arbeitsspeicher auf {ceiling:,} Tokens wachsen</translation>
    </message>
    <message>
        <source>{tokens:,} tokens, {why}: {cache} of cache{room}.</source>
        <translation>{tokens:,} Tokens, {why}: {cache} Zwischenspeicher{room}.</translation>
    </message>
    <message>
        <source>{tokens:,} tokens; the model does not say how much memory its cache takes.</source>
        <translation>{tokens:,} Tokens; das Modell gibt nicht an, wie viel Arbeitsspeicher sein Zwischenspeicher braucht.</translation>
    </message>
    <message>
        <source> (the model&apos;s limit; {requested:,} was asked)</source>
        <translation> (die Grenze des Modells; verlangt waren {requested:,})</translation>
    </message>
    <message>
        <source>{tokens:,} tokens, set in Settings{capped}: {gb} of cache.</source>
        <translation>{tokens:,} Tokens, in den Einstellungen festgelegt{capped}: {gb} Zwischenspeicher.</translation>
    </message>
    <message>
        <source>This model needs at least {needs}, but {free_words} and {gb} of it is kept for the rest of the system.</source>
        <translation>Dieses Modell braucht mindestens {needs}, aber {free_words}, und davon bleiben {gb} für den Rest des Systems reserviert.</translation>
    </message>
    <message>
        <source>the model&apos;s own limit</source>
        <translation>die eigene Grenze des Modells</translation>
    </message>
    <message>
        <source>The context set in Settings ({requested:,} tokens) needs {needs}, but {free_words} and {gb} of it is kept for the rest of the system{value}</source>
        <translation>Der in den Einstellungen festgelegte Kontext ({requested:,} Tokens) braucht {needs}, aber {free_words}, und davon bleiben {gb} für den Rest des Systems reserviert{value}</translation>
    </message>
    <message>
        <source>the default (the model can go to {model_max:,})</source>
        <translation>der Standardwert (das Modell schafft bis zu {model_max:,})</translation>
    </message>
    <message>
        <source>as much as fits in memory (the model can go to {model_max:,})</source>
        <translation>so viel, wie in den Arbeitsspeicher passt (das Modell schafft bis zu {model_max:,})</translation>
    </message>
    <message>
        <source>; {ceiling:,} tokens would fit.</source>
        <translation>; {ceiling:,} Tokens würden passen.</translation>
    </message>
    <message>
        <source>cloud providers are off</source>
        <translation>Cloud-Anbieter sind ausgeschaltet</translation>
    </message>
    <message>
        <source>fallback after {provider} failed</source>
        <translation>Ersatz, nachdem {provider} fehlgeschlagen ist</translation>
    </message>
    <message>
        <source>Cloud · {provider} · {reason}</source>
        <translation>Cloud · {provider} · {reason}</translation>
    </message>
    <message>
        <source>programs using the local API server get the local model only</source>
        <translation>Programme, die den lokalen API-Server nutzen, bekommen nur das lokale Modell</translation>
    </message>
    <message>
        <source>Local · {reason}</source>
        <translation>Lokal · {reason}</translation>
    </message>
    <message>
        <source>No local model is available.</source>
        <translation>Es ist kein lokales Modell verfügbar.</translation>
    </message>
    <message>
        <source>Choose a local model.</source>
        <translation>Wählen Sie ein lokales Modell.</translation>
    </message>
    <message>
        <source>This message stays on this computer.</source>
        <translation>Diese Nachricht bleibt auf diesem Computer.</translation>
    </message>
    <message>
        <source>It was replaced by placeholders before the request left this computer; the reply shows the real values.</source>
        <translation>Diese wurden durch Platzhalter ersetzt, bevor die Anfrage diesen Computer verließ; die Antwort zeigt die echten Werte.</translation>
    </message>
    <message>
        <source>The app lock is on: the conversations cannot be converted while it is.</source>
        <translation>Die App-Sperre ist eingeschaltet: Solange sie an ist, können die Unterhaltungen nicht umgewandelt werden.</translation>
    </message>
    <message>
        <source>Turn the app lock off first (agentic-desk conversations lock off), then try again. Nothing was changed.</source>
        <translation>Schalten Sie zuerst die App-Sperre aus (agentic-desk conversations lock off) und versuchen Sie es dann erneut. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Encrypting the conversations needs SQLCipher, which is not installed.</source>
        <translation>Das Verschlüsseln der Unterhaltungen braucht SQLCipher, das nicht installiert ist.</translation>
    </message>
    <message>
        <source>Install it with `pip install &quot;agentic-desk[encryption]&quot;` (Linux x86-64 only).</source>
        <translation>Installieren Sie es mit `pip install &quot;agentic-desk[encryption]&quot;` (nur Linux x86-64).</translation>
    </message>
    <message>
        <source>The conversation database key in the keyring is not a valid key.</source>
        <translation>Der Schlüssel der Unterhaltungsdatenbank im Schlüsselbund ist kein gültiger Schlüssel.</translation>
    </message>
    <message>
        <source>Restore the key (keyring entry agentic-desk / conversations-db-key) or restore a plain backup of the conversations.</source>
        <translation>Stellen Sie den Schlüssel wieder her (Eintrag agentic-desk / conversations-db-key im Schlüsselbund) oder eine unverschlüsselte Sicherung der Unterhaltungen.</translation>
    </message>
    <message>
        <source>The conversation database {path} cannot be read with the key in the keyring.</source>
        <translation>Die Unterhaltungsdatenbank {path} lässt sich mit dem Schlüssel im Schlüsselbund nicht lesen.</translation>
    </message>
    <message>
        <source>The key does not match this file (another computer&apos;s keyring, or a restored file). Restore the matching key or a backup of the conversations; the file was left as it is.</source>
        <translation>Der Schlüssel passt nicht zu dieser Datei (Schlüsselbund eines anderen Computers oder eine wiederhergestellte Datei). Stellen Sie den passenden Schlüssel oder eine Sicherung der Unterhaltungen wieder her; die Datei blieb unverändert.</translation>
    </message>
    <message>
        <source>The conversation database {path} is encrypted, but the keyring holds no key for it (agentic-desk / {key_name}).</source>
        <translation>Die Unterhaltungsdatenbank {path} ist verschlüsselt, aber der Schlüsselbund enthält keinen Schlüssel dafür (agentic-desk / {key_name}).</translation>
    </message>
    <message>
        <source>Unlock the keyring you used when encryption was turned on (or restore its entry from a backup); without the key the conversations cannot be read. The file was left as it is.</source>
        <translation>Entsperren Sie den Schlüsselbund, den Sie beim Einschalten der Verschlüsselung verwendet haben (oder stellen Sie seinen Eintrag aus einer Sicherung wieder her); ohne den Schlüssel lassen sich die Unterhaltungen nicht lesen. Die Datei blieb unverändert.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>unverschlüsselt</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>verschlüsselt</translation>
    </message>
    <message>
        <source>No OS keyring is available for the conversation database key, which is kept only there: {reason}</source>
        <translation>Für den Schlüssel der Unterhaltungsdatenbank, der nur dort aufbewahrt wird, steht kein Schlüsselbund des Betriebssystems zur Verfügung: {reason}</translation>
    </message>
    <message>
        <source>The keyring did not keep the new conversation database key.</source>
        <translation>Der Schlüsselbund hat den neuen Schlüssel der Unterhaltungsdatenbank nicht gespeichert.</translation>
    </message>
    <message>
        <source>The conversations are already {value}.</source>
        <translation>Die Unterhaltungen sind schon {value}.</translation>
    </message>
    <message>
        <source>The converted copy of the conversation database is not the same ({what}).</source>
        <translation>Die umgewandelte Kopie der Unterhaltungsdatenbank stimmt nicht überein ({what}).</translation>
    </message>
    <message>
        <source>Nothing was changed; please report this.</source>
        <translation>Es wurde nichts geändert; bitte melden Sie diesen Fehler.</translation>
    </message>
    <message>
        <source>in the keyring</source>
        <translation>im Schlüsselbund</translation>
    </message>
    <message>
        <source>keyring unavailable ({getattr})</source>
        <translation>Schlüsselbund nicht verfügbar ({getattr})</translation>
    </message>
    <message>
        <source>The conversation database {path} is open in another program (the Agentic Desk window or its API server).</source>
        <translation>Die Unterhaltungsdatenbank {path} ist in einem anderen Programm geöffnet (im Fenster von Agentic Desk oder in seinem API-Server).</translation>
    </message>
    <message>
        <source>Quit Agentic Desk (and stop `agentic-desk serve`), then try again; nothing was changed.</source>
        <translation>Beenden Sie Agentic Desk (und stoppen Sie `agentic-desk serve`) und versuchen Sie es dann erneut; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Restore the matching key or a backup; nothing was changed.</source>
        <translation>Stellen Sie den passenden Schlüssel oder eine Sicherung wieder her; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Could not copy the conversation database: {exc}.</source>
        <translation>Die Unterhaltungsdatenbank konnte nicht kopiert werden: {exc}.</translation>
    </message>
    <message>
        <source>Check free disk space (the copy needs as much as the database); nothing was changed.</source>
        <translation>Prüfen Sie den freien Speicherplatz (die Kopie braucht so viel wie die Datenbank); es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>it cannot be opened: {exc}</source>
        <translation>sie lässt sich nicht öffnen: {exc}</translation>
    </message>
    <message>
        <source>integrity check: {check}</source>
        <translation>Integritätsprüfung: {check}</translation>
    </message>
    <message>
        <source>tables {tables} instead of {counts}</source>
        <translation>Tabellen {tables} statt {counts}</translation>
    </message>
    <message>
        <source>Could not put the converted conversation database in place: {reason}.</source>
        <translation>Die umgewandelte Unterhaltungsdatenbank konnte nicht an ihren Platz gelegt werden: {reason}.</translation>
    </message>
    <message>
        <source>Check that the data folder is writable.</source>
        <translation>Prüfen Sie, ob der Datenordner beschreibbar ist.</translation>
    </message>
    <message>
        <source>The conversations were converted, but the old file {replaced} could not be removed ({reason}).</source>
        <translation>Die Unterhaltungen wurden umgewandelt, aber die alte Datei {replaced} konnte nicht entfernt werden ({reason}).</translation>
    </message>
    <message>
        <source>Delete it yourself (it holds the conversations as they were).</source>
        <translation>Löschen Sie sie selbst (sie enthält die Unterhaltungen im alten Zustand).</translation>
    </message>
    <message>
        <source>in the keyring, locked with a passphrase (app lock)</source>
        <translation>im Schlüsselbund, mit einer Passphrase gesperrt (App-Sperre)</translation>
    </message>
    <message>
        <source>{rows} rows in {table} instead of {counts}</source>
        <translation>{rows} Zeilen in {table} statt {counts}</translation>
    </message>
    <message>
        <source>the search {query} in {table} answers differently</source>
        <translation>die Suche {query} in {table} liefert andere Ergebnisse</translation>
    </message>
    <message>
        <source>The conversation {conversation_id!r} does not exist.</source>
        <translation>Die Unterhaltung {conversation_id!r} gibt es nicht.</translation>
    </message>
    <message>
        <source>It may have been deleted for good; choose another conversation.</source>
        <translation>Sie wurde vielleicht endgültig gelöscht; wählen Sie eine andere Unterhaltung.</translation>
    </message>
    <message>
        <source>The message {message_id!r} does not exist.</source>
        <translation>Die Nachricht {message_id!r} gibt es nicht.</translation>
    </message>
    <message>
        <source>It may have been removed by a regenerate or an edit.</source>
        <translation>Sie wurde vielleicht durch ein Neu-Erzeugen oder eine Bearbeitung entfernt.</translation>
    </message>
    <message>
        <source>This is not a conversation that can be imported: {field_name} {problem}.</source>
        <translation>Dies ist keine Unterhaltung, die importiert werden kann: {field_name} {problem}.</translation>
    </message>
    <message>
        <source>Choose a file exported by Agentic Desk as JSON (Export…, file type JSON).</source>
        <translation>Wählen Sie eine Datei, die Agentic Desk als JSON exportiert hat (Exportieren…, Dateityp JSON).</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <source>must be {export_format!r}</source>
        <translation>muss {export_format!r} sein</translation>
    </message>
    <message>
        <source>This conversation was exported by a newer version of Agentic Desk (format version {version}; this version reads up to {export_version}).</source>
        <translation>Diese Unterhaltung wurde von einer neueren Version von Agentic Desk exportiert (Formatversion {version}; diese Version liest bis {export_version}).</translation>
    </message>
    <message>
        <source>Update Agentic Desk to import it.</source>
        <translation>Aktualisieren Sie Agentic Desk, um sie zu importieren.</translation>
    </message>
    <message>
        <source>must be at least 1, not {version}</source>
        <translation>muss mindestens 1 sein, nicht {version}</translation>
    </message>
    <message>
        <source>must be {kind_names}, not {value!r}</source>
        <translation>muss {kind_names} sein, nicht {value!r}</translation>
    </message>
    <message>
        <source>must be {kind_names}, not {name}</source>
        <translation>muss {kind_names} sein, nicht {name}</translation>
    </message>
    <message>
        <source>must be one of {allowed}, not {value!r}</source>
        <translation>muss eines davon sein: {allowed}, nicht {value!r}</translation>
    </message>
    <message>
        <source>must be a time (seconds since 1970)</source>
        <translation>muss eine Zeitangabe sein (Sekunden seit 1970)</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>muss ein Objekt sein</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>must be the id of a message earlier in the list</source>
        <translation>muss die ID einer Nachricht weiter oben in der Liste sein</translation>
    </message>
    <message>
        <source>The conversation database {path} was written by a newer version of Agentic Desk (schema {version}; this version understands up to {current}).</source>
        <translation>Die Unterhaltungsdatenbank {path} wurde von einer neueren Version von Agentic Desk geschrieben (Schema {version}; diese Version versteht bis {current}).</translation>
    </message>
    <message>
        <source>Update Agentic Desk to open it. The file was not changed.</source>
        <translation>Aktualisieren Sie Agentic Desk, um sie zu öffnen. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Could not copy the conversation database to {backup_path} before upgrading it: {exc}.</source>
        <translation>Die Unterhaltungsdatenbank konnte vor der Aktualisierung nicht nach {backup_path} kopiert werden: {exc}.</translation>
    </message>
    <message>
        <source>Free some disk space and start the app again; nothing was changed.</source>
        <translation>Geben Sie Speicherplatz frei und starten Sie die App erneut; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Could not upgrade the conversation database {path} from schema {step} to {step2}: {exc}.</source>
        <translation>Die Unterhaltungsdatenbank {path} konnte nicht von Schema {step} auf {step2} aktualisiert werden: {exc}.</translation>
    </message>
    <message>
        <source>The database was left at the last complete version; please report this.</source>
        <translation>Die Datenbank blieb auf dem letzten vollständigen Stand; bitte melden Sie diesen Fehler.</translation>
    </message>
    <message>
        <source>e-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <source>national ID number</source>
        <translation>Ausweis- oder Versicherungsnummer</translation>
    </message>
    <message>
        <source>card number</source>
        <translation>Kartennummer</translation>
    </message>
    <message>
        <source>IBAN</source>
        <translation>IBAN</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>medical record number</source>
        <translation>Patientenaktennummer</translation>
    </message>
    <message>
        <source>diagnosis code</source>
        <translation>Diagnoseschlüssel</translation>
    </message>
    <message>
        <source>API key or secret</source>
        <translation>API-Schlüssel oder Geheimnis</translation>
    </message>
    <message>
        <source>person&apos;s name</source>
        <translation>Name einer Person</translation>
    </message>
    <message>
        <source>postal address</source>
        <translation>Postanschrift</translation>
    </message>
    <message>
        <source>organisation&apos;s name</source>
        <translation>Name einer Organisation</translation>
    </message>
    <message>
        <source>term from your sensitive terms</source>
        <translation>Begriff aus Ihren vertraulichen Begriffen</translation>
    </message>
    <message>
        <source>a {label}</source>
        <translation>{label}</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} und {last}</translation>
    </message>
    <message>
        <source>an {label}</source>
        <translation>{label}</translation>
    </message>
    <message>
        <source>{where}: {what}</source>
        <translation>{where}: {what}</translation>
    </message>
    <message>
        <source>This conversation now stays on this computer ({reasons}). Lowering its privacy asks you first.</source>
        <translation>Diese Unterhaltung bleibt jetzt auf diesem Computer ({reasons}). Bevor ihr Datenschutz herabgesetzt wird, werden Sie gefragt.</translation>
    </message>
    <message>
        <source>the reply in turn {turn}</source>
        <translation>die Antwort in Runde {turn}</translation>
    </message>
    <message>
        <source>turn {turn}</source>
        <translation>Runde {turn}</translation>
    </message>
    <message>
        <source>marked {level}</source>
        <translation>als {level} markiert</translation>
    </message>
    <message>
        <source>The conversation database {path} cannot use write-ahead logging (journal mode {mode!r}).</source>
        <translation>Die Unterhaltungsdatenbank {path} kann kein Write-Ahead-Logging verwenden (Journalmodus {mode!r}).</translation>
    </message>
    <message>
        <source>Keep the data folder on a local disk (not a network share).</source>
        <translation>Legen Sie den Datenordner auf einen lokalen Datenträger (nicht auf eine Netzwerkfreigabe).</translation>
    </message>
    <message>
        <source>save the conversation</source>
        <translation>die Unterhaltung zu speichern</translation>
    </message>
    <message>
        <source>create a conversation</source>
        <translation>eine Unterhaltung anzulegen</translation>
    </message>
    <message>
        <source>read the conversation</source>
        <translation>die Unterhaltung zu lesen</translation>
    </message>
    <message>
        <source>list the conversations</source>
        <translation>die Unterhaltungen aufzulisten</translation>
    </message>
    <message>
        <source>rename the conversation</source>
        <translation>die Unterhaltung umzubenennen</translation>
    </message>
    <message>
        <source>save the conversation&apos;s privacy</source>
        <translation>den Datenschutz der Unterhaltung zu speichern</translation>
    </message>
    <message>
        <source>read the conversation&apos;s privacy changes</source>
        <translation>die Datenschutzänderungen der Unterhaltung zu lesen</translation>
    </message>
    <message>
        <source>delete the conversation</source>
        <translation>die Unterhaltung zu löschen</translation>
    </message>
    <message>
        <source>list the Trash</source>
        <translation>den Papierkorb aufzulisten</translation>
    </message>
    <message>
        <source>restore the conversation</source>
        <translation>die Unterhaltung wiederherzustellen</translation>
    </message>
    <message>
        <source>remove deleted conversations</source>
        <translation>gelöschte Unterhaltungen zu entfernen</translation>
    </message>
    <message>
        <source>tidy the database</source>
        <translation>die Datenbank aufzuräumen</translation>
    </message>
    <message>
        <source>save your message</source>
        <translation>Ihre Nachricht zu speichern</translation>
    </message>
    <message>
        <source>start the reply</source>
        <translation>die Antwort zu beginnen</translation>
    </message>
    <message>
        <source>save the new version</source>
        <translation>die neue Version zu speichern</translation>
    </message>
    <message>
        <source>switch versions</source>
        <translation>die Version zu wechseln</translation>
    </message>
    <message>
        <source>read the versions</source>
        <translation>die Versionen zu lesen</translation>
    </message>
    <message>
        <source>read the messages</source>
        <translation>die Nachrichten zu lesen</translation>
    </message>
    <message>
        <source>save the reply so far</source>
        <translation>die bisherige Antwort zu speichern</translation>
    </message>
    <message>
        <source>save the reply</source>
        <translation>die Antwort zu speichern</translation>
    </message>
    <message>
        <source>save the message</source>
        <translation>die Nachricht zu speichern</translation>
    </message>
    <message>
        <source>recover interrupted replies</source>
        <translation>unterbrochene Antworten wiederherzustellen</translation>
    </message>
    <message>
        <source>read the message</source>
        <translation>die Nachricht zu lesen</translation>
    </message>
    <message>
        <source>remove the later messages</source>
        <translation>die späteren Nachrichten zu entfernen</translation>
    </message>
    <message>
        <source>save the edited message</source>
        <translation>die bearbeitete Nachricht zu speichern</translation>
    </message>
    <message>
        <source>save the draft</source>
        <translation>den Entwurf zu speichern</translation>
    </message>
    <message>
        <source>read the draft</source>
        <translation>den Entwurf zu lesen</translation>
    </message>
    <message>
        <source>search the conversations</source>
        <translation>die Unterhaltungen zu durchsuchen</translation>
    </message>
    <message>
        <source>title the conversation</source>
        <translation>der Unterhaltung einen Titel zu geben</translation>
    </message>
    <message>
        <source>import the conversation</source>
        <translation>die Unterhaltung zu importieren</translation>
    </message>
    <message>
        <source>Could not create the conversation database {path}: {reason}.</source>
        <translation>Die Unterhaltungsdatenbank {path} konnte nicht angelegt werden: {reason}.</translation>
    </message>
    <message>
        <source>Could not open the conversation database {path}: {exc}.</source>
        <translation>Die Unterhaltungsdatenbank {path} konnte nicht geöffnet werden: {exc}.</translation>
    </message>
    <message>
        <source>Check that the file and its folder are readable and writable.</source>
        <translation>Prüfen Sie, ob die Datei und ihr Ordner lesbar und beschreibbar sind.</translation>
    </message>
    <message>
        <source>{path} is not a conversation database that can be read ({exc}).</source>
        <translation>{path} ist keine lesbare Unterhaltungsdatenbank ({exc}).</translation>
    </message>
    <message>
        <source>The file was left as it is. Move it away to start with an empty history, or restore a backup.</source>
        <translation>Die Datei blieb unverändert. Verschieben Sie sie, um mit einem leeren Verlauf zu beginnen, oder stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <source>Could not set up the conversation database {path}: {exc}.</source>
        <translation>Die Unterhaltungsdatenbank {path} konnte nicht eingerichtet werden: {exc}.</translation>
    </message>
    <message>
        <source>Check that the file and its folder are writable.</source>
        <translation>Prüfen Sie, ob die Datei und ihr Ordner beschreibbar sind.</translation>
    </message>
    <message>
        <source>Could not {doing}: {exc}.</source>
        <translation>Fehler beim Versuch, {doing}: {exc}.</translation>
    </message>
    <message>
        <source>Check free disk space and that the data folder is writable; if the file is damaged, restore a backup.</source>
        <translation>Prüfen Sie den freien Speicherplatz und ob der Datenordner beschreibbar ist; ist die Datei beschädigt, stellen Sie eine Sicherung wieder her.</translation>
    </message>
    <message>
        <source>sensitive data</source>
        <translation>vertrauliche Daten</translation>
    </message>
    <message>
        <source>onnxruntime-genai not installed</source>
        <translation>onnxruntime-genai nicht installiert</translation>
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
        <source>System: {system} ({machine})</source>
        <translation>System: {system} ({machine})</translation>
    </message>
    <message>
        <source>Engine: {engine}</source>
        <translation>Engine: {engine}</translation>
    </message>
    <message>
        <source>Frozen bundle: {frozen}</source>
        <translation>Gebündelte App: {frozen}</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>Protokolldatei: {path}</translation>
    </message>
    <message>
        <source>{where} could not be written ({reason}).</source>
        <translation>{where} konnte nicht geschrieben werden ({reason}).</translation>
    </message>
    <message>
        <source>Choose another place and export again.</source>
        <translation>Wählen Sie einen anderen Ort und exportieren Sie erneut.</translation>
    </message>
    <message>
        <source>{label} exports a whole conversation, not one message.</source>
        <translation>{label} exportiert eine ganze Unterhaltung, nicht eine einzelne Nachricht.</translation>
    </message>
    <message>
        <source>Choose Markdown, Word, OpenDocument or PDF for one message.</source>
        <translation>Wählen Sie für eine einzelne Nachricht Markdown, Word, OpenDocument oder PDF.</translation>
    </message>
    <message>
        <source>This conversation has no message {number}: it has {count}.</source>
        <translation>Diese Unterhaltung hat keine Nachricht {number}: Sie hat {count}.</translation>
    </message>
    <message>
        <source>&apos;agentic-desk conversations show ID&apos; lists them with their numbers.</source>
        <translation>&apos;agentic-desk conversations show ID&apos; listet sie mit ihren Nummern auf.</translation>
    </message>
    <message>
        <source>The disk is full: {where} could not be written.</source>
        <translation>Der Datenträger ist voll: {where} konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Free some space or choose another place, then export again.</source>
        <translation>Geben Sie Speicherplatz frei oder wählen Sie einen anderen Ort und exportieren Sie dann erneut.</translation>
    </message>
    <message>
        <source>This app may not write {where}.</source>
        <translation>Diese App darf {where} nicht schreiben.</translation>
    </message>
    <message>
        <source>Choose a folder you can write to, such as your Documents folder.</source>
        <translation>Wählen Sie einen Ordner, in den Sie schreiben dürfen, etwa Ihren Ordner Dokumente.</translation>
    </message>
    <message>
        <source>The folder {parent} does not exist.</source>
        <translation>Den Ordner {parent} gibt es nicht.</translation>
    </message>
    <message>
        <source>Choose a folder that exists.</source>
        <translation>Wählen Sie einen vorhandenen Ordner.</translation>
    </message>
    <message>
        <source>{path} is a folder.</source>
        <translation>{path} ist ein Ordner.</translation>
    </message>
    <message>
        <source>Give the export a file name.</source>
        <translation>Geben Sie dem Export einen Dateinamen.</translation>
    </message>
    <message>
        <source>Word document</source>
        <translation>Word-Dokument</translation>
    </message>
    <message>
        <source>OpenDocument text</source>
        <translation>OpenDocument-Text</translation>
    </message>
    <message>
        <source>JSON (for importing again)</source>
        <translation>JSON (zum erneuten Importieren)</translation>
    </message>
    <message>
        <source>Unknown export format {key!r}.</source>
        <translation>Unbekanntes Exportformat {key!r}.</translation>
    </message>
    <message>
        <source>Use one of: {formats}.</source>
        <translation>Verwenden Sie eines davon: {formats}.</translation>
    </message>
    <message>
        <source>{label} is not a document format.</source>
        <translation>{label} ist kein Dokumentformat.</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemanweisung</translation>
    </message>
    <message>
        <source>The model process stopped unexpectedly (exit code {exitcode}).</source>
        <translation>Der Modellprozess wurde unerwartet beendet (Exit-Code {exitcode}).</translation>
    </message>
    <message>
        <source>Whatever it had written is kept: Continue goes on from there (or send again), and the model is reloaded automatically.</source>
        <translation>Was er schon geschrieben hatte, bleibt erhalten: Mit Fortsetzen geht es dort weiter (oder senden Sie erneut), und das Modell wird automatisch neu geladen.</translation>
    </message>
    <message>
        <source>The model&apos;s process was stopped by the system, most likely because the computer ran out of memory.</source>
        <translation>Der Prozess des Modells wurde vom System beendet, höchstwahrscheinlich weil dem Computer der Arbeitsspeicher ausging.</translation>
    </message>
    <message>
        <source>Close other apps, or set a shorter context in Settings (Longest conversation), or choose a smaller model. Whatever it had written is kept: Continue goes on from there, and the model is reloaded automatically.</source>
        <translation>Schließen Sie andere Apps, stellen Sie in den Einstellungen einen kürzeren Kontext ein (Längste Unterhaltung) oder wählen Sie ein kleineres Modell. Was es schon geschrieben hatte, bleibt erhalten: Mit Fortsetzen geht es dort weiter, und das Modell wird automatisch neu geladen.</translation>
    </message>
    <message>
        <source>end of text</source>
        <translation>Textende</translation>
    </message>
    <message>
        <source>length limit</source>
        <translation>Längenbegrenzung</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>Stopptext</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Close other apps to free memory{value}or choose a smaller model.</source>
        <translation>Schließen Sie andere Apps, um Arbeitsspeicher freizugeben{value}oder wählen Sie ein kleineres Modell.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Es ist kein Modell geladen.</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>Wählen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <source>, or set a shorter context in Settings (Longest conversation), </source>
        <translation>, stellen Sie in den Einstellungen einen kürzeren Kontext ein (Längste Unterhaltung), </translation>
    </message>
    <message>
        <source>is a file, not a folder</source>
        <translation>ist eine Datei, kein Ordner</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>existiert nicht</translation>
    </message>
    <message>
        <source>The model folder {folder} {what}.</source>
        <translation>Der Modellordner {folder} {what}.</translation>
    </message>
    <message>
        <source>Check the path, or choose the model again in the model manager.</source>
        <translation>Prüfen Sie den Pfad oder wählen Sie das Modell in der Modellverwaltung erneut.</translation>
    </message>
    <message>
        <source>{folder} has no {config_name}, so it is not an ONNX Runtime GenAI model folder.</source>
        <translation>{folder} enthält keine {config_name} und ist daher kein Modellordner für ONNX Runtime GenAI.</translation>
    </message>
    <message>
        <source>Choose the folder that contains genai_config.json (official ONNX repos keep one per variant sub-folder, e.g. cpu-int4-rtn-block-32), or download the model again.</source>
        <translation>Wählen Sie den Ordner, der genai_config.json enthält (offizielle ONNX-Repositorys haben eine pro Varianten-Unterordner, z. B. cpu-int4-rtn-block-32), oder laden Sie das Modell erneut herunter.</translation>
    </message>
    <message>
        <source>{config_name} in {folder} does not hold a JSON object.</source>
        <translation>{config_name} in {folder} enthält kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>The file is damaged: download the model again or restore the file.</source>
        <translation>Die Datei ist beschädigt: Laden Sie das Modell erneut herunter oder stellen Sie die Datei wieder her.</translation>
    </message>
    <message>
        <source>{config_name} in {folder} lacks required fields: {missing}.</source>
        <translation>In {config_name} in {folder} fehlen erforderliche Felder: {missing}.</translation>
    </message>
    <message>
        <source>The file is incomplete: download the model again or restore the file.</source>
        <translation>Die Datei ist unvollständig: Laden Sie das Modell erneut herunter oder stellen Sie die Datei wieder her.</translation>
    </message>
    <message>
        <source>{config_name} in {folder}: model.context_length must be a positive whole number (got {context_length!r}).</source>
        <translation>{config_name} in {folder}: model.context_length muss eine positive ganze Zahl sein (erhalten: {context_length!r}).</translation>
    </message>
    <message>
        <source>The model file {name} named in {config_name} is missing from {folder}.</source>
        <translation>Die Modelldatei {name}, die in {config_name} genannt wird, fehlt in {folder}.</translation>
    </message>
    <message>
        <source>The download is incomplete: download the model again, or copy the missing file into the folder.</source>
        <translation>Der Download ist unvollständig: Laden Sie das Modell erneut herunter oder kopieren Sie die fehlende Datei in den Ordner.</translation>
    </message>
    <message>
        <source>The requested context of {max_length:,} tokens is longer than this model&apos;s {context_length:,}.</source>
        <translation>Der verlangte Kontext von {max_length:,} Tokens ist länger als der dieses Modells ({context_length:,}).</translation>
    </message>
    <message>
        <source>Set the maximum context to {context_length:,} tokens or less.</source>
        <translation>Stellen Sie den maximalen Kontext auf {context_length:,} Tokens oder weniger.</translation>
    </message>
    <message>
        <source>{folder} has no tokenizer (tokenizer.json or tokenizer.model).</source>
        <translation>{folder} enthält keinen Tokenizer (tokenizer.json oder tokenizer.model).</translation>
    </message>
    <message>
        <source>The download is incomplete: download the model again, or copy the tokenizer files into the folder.</source>
        <translation>Der Download ist unvollständig: Laden Sie das Modell erneut herunter oder kopieren Sie die Tokenizer-Dateien in den Ordner.</translation>
    </message>
    <message>
        <source>tokenizer.json in {folder} is not a tokenizer definition.</source>
        <translation>tokenizer.json in {folder} ist keine Tokenizer-Definition.</translation>
    </message>
    <message>
        <source>The model file {name} is damaged and cannot be read ({exc}).</source>
        <translation>Die Modelldatei {name} ist beschädigt und kann nicht gelesen werden ({exc}).</translation>
    </message>
    <message>
        <source>Download the model again, or import a complete copy of the folder.</source>
        <translation>Laden Sie das Modell erneut herunter oder importieren Sie eine vollständige Kopie des Ordners.</translation>
    </message>
    <message>
        <source>The weights file {location} that {name} needs is missing from {folder}.</source>
        <translation>Die Gewichtsdatei {location}, die {name} braucht, fehlt in {folder}.</translation>
    </message>
    <message>
        <source>The weights file {location} is cut short: it holds {size:,} bytes but the model needs {needed:,}.</source>
        <translation>Die Gewichtsdatei {location} ist abgeschnitten: Sie enthält {size:,} Bytes, das Modell braucht aber {needed:,}.</translation>
    </message>
    <message>
        <source>The download did not finish: download the model again (or resume it).</source>
        <translation>Der Download wurde nicht abgeschlossen: Laden Sie das Modell erneut herunter (oder setzen Sie den Download fort).</translation>
    </message>
    <message>
        <source>tokenizer.json in {folder} cannot be read ({exc}).</source>
        <translation>tokenizer.json in {folder} kann nicht gelesen werden ({exc}).</translation>
    </message>
    <message>
        <source>None of the requested execution providers ({wanted}) can run here. {notes}</source>
        <translation>Keiner der verlangten Ausführungsanbieter ({wanted}) kann hier laufen. {notes}</translation>
    </message>
    <message>
        <source>Choose &apos;auto&apos; or &apos;cpu&apos; as the execution provider (setting engine.execution_providers or ONNX_EXECUTION_PROVIDERS), or install the matching flavour of Agentic Desk.</source>
        <translation>Wählen Sie &apos;auto&apos; oder &apos;cpu&apos; als Ausführungsanbieter (Einstellung engine.execution_providers oder ONNX_EXECUTION_PROVIDERS) oder installieren Sie die passende Variante von Agentic Desk.</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not an execution provider (use cuda, dml or cpu).</source>
        <translation>&apos;{name}&apos; ist kein Ausführungsanbieter (verwenden Sie cuda, dml oder cpu).</translation>
    </message>
    <message>
        <source>{provider_labels} is not part of this installation (onnxruntime-genai {version} was built without it).</source>
        <translation>{provider_labels} ist nicht Teil dieser Installation (onnxruntime-genai {version} wurde ohne ihn erstellt).</translation>
    </message>
    <message>
        <source>{provider_labels} could not start ({reason}).</source>
        <translation>{provider_labels} konnte nicht starten ({reason}).</translation>
    </message>
    <message>
        <source>This model&apos;s architecture is not supported by onnxruntime-genai {version} ({reason}).</source>
        <translation>Die Architektur dieses Modells wird von onnxruntime-genai {version} nicht unterstützt ({reason}).</translation>
    </message>
    <message>
        <source>Update Agentic Desk, or choose a model of a supported family (Phi, Llama, Mistral, Qwen, Gemma, ...).</source>
        <translation>Aktualisieren Sie Agentic Desk oder wählen Sie ein Modell einer unterstützten Familie (Phi, Llama, Mistral, Qwen, Gemma, …).</translation>
    </message>
    <message>
        <source>The model could not be loaded: {reason}</source>
        <translation>Das Modell konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>The folder may be damaged or made for another version: download or import the model again.</source>
        <translation>Der Ordner ist vielleicht beschädigt oder für eine andere Version gemacht: Laden Sie das Modell erneut herunter oder importieren Sie es erneut.</translation>
    </message>
    <message>
        <source>onnxruntime-genai {version} cannot read this tokenizer ({reason}); using the tokenizers library instead.</source>
        <translation>onnxruntime-genai {version} kann diesen Tokenizer nicht lesen ({reason}); stattdessen wird die Bibliothek tokenizers verwendet.</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer could not be loaded: {reason}</source>
        <translation>Der Tokenizer des Modells konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>The tokenizer files are damaged or of a kind this version cannot read: download the model again, or update Agentic Desk.</source>
        <translation>Die Tokenizer-Dateien sind beschädigt oder von einer Art, die diese Version nicht lesen kann: Laden Sie das Modell erneut herunter oder aktualisieren Sie Agentic Desk.</translation>
    </message>
    <message>
        <source>The conversation outgrew {context_grown_from:,} tokens, so the model&apos;s context was raised to {context_tokens:,} (it read the whole conversation again once).</source>
        <translation>Die Unterhaltung ist über {context_grown_from:,} Tokens hinausgewachsen, daher wurde der Kontext des Modells auf {context_tokens:,} erhöht (es hat die ganze Unterhaltung einmal neu gelesen).</translation>
    </message>
    <message>
        <source>The {trimmed_messages} oldest messages ({trimmed_tokens:,} tokens) were left out to fit the model&apos;s context ({context_tokens:,} tokens).</source>
        <translation>Die {trimmed_messages} ältesten Nachrichten ({trimmed_tokens:,} Tokens) wurden weggelassen, damit alles in den Kontext des Modells passt ({context_tokens:,} Tokens).</translation>
    </message>
    <message>
        <source>The model&apos;s chat template ({source}) could not format this conversation: {exc}</source>
        <translation>Die Chatvorlage des Modells ({source}) konnte diese Unterhaltung nicht formatieren: {exc}</translation>
    </message>
    <message>
        <source>Check the conversation&apos;s roles (system, user, assistant alternate), or use a model whose chat template supports them.</source>
        <translation>Prüfen Sie die Rollen der Unterhaltung (system, user und assistant wechseln sich ab) oder verwenden Sie ein Modell, dessen Chatvorlage sie unterstützt.</translation>
    </message>
    <message>
        <source>This message is too long for the model: with the conversation&apos;s instructions it takes {count:,} tokens, and the model can read at most {budget:,} while leaving room for a reply ({context_limit:,} in all).</source>
        <translation>Diese Nachricht ist zu lang für das Modell: Mit den Anweisungen der Unterhaltung umfasst sie {count:,} Tokens, und das Modell kann höchstens {budget:,} lesen und dabei Platz für eine Antwort lassen ({context_limit:,} insgesamt).</translation>
    </message>
    <message>
        <source>Shorten the message or split it into parts, lower the reply length, or choose a model with a longer context.</source>
        <translation>Kürzen Sie die Nachricht oder teilen Sie sie auf, verringern Sie die Antwortlänge oder wählen Sie ein Modell mit längerem Kontext.</translation>
    </message>
    <message>
        <source>The model could not be loaded: {exc}</source>
        <translation>Das Modell konnte nicht geladen werden: {exc}</translation>
    </message>
    <message>
        <source>Download or import the model again.</source>
        <translation>Laden Sie das Modell erneut herunter oder importieren Sie es erneut.</translation>
    </message>
    <message>
        <source>The model stopped with an error while writing the reply: {exc}</source>
        <translation>Das Modell hat beim Schreiben der Antwort mit einem Fehler angehalten: {exc}</translation>
    </message>
    <message>
        <source>no inference engine installed</source>
        <translation>keine Inferenz-Engine installiert</translation>
    </message>
    <message>
        <source>No local inference engine is installed (none of onnxruntime-genai, onnxruntime-genai-cuda, onnxruntime-genai-directml).</source>
        <translation>Es ist keine lokale Inferenz-Engine installiert (weder onnxruntime-genai noch onnxruntime-genai-cuda noch onnxruntime-genai-directml).</translation>
    </message>
    <message>
        <source>Install one flavour:
  {install_command}
{extras_help}</source>
        <translation>Installieren Sie eine Variante:
  {install_command}
{extras_help}</translation>
    </message>
    <message>
        <source>More than one onnxruntime flavour is installed in this environment ({listing}); they overwrite each other&apos;s files.</source>
        <translation>In dieser Umgebung ist mehr als eine Variante von onnxruntime installiert ({listing}); sie überschreiben gegenseitig ihre Dateien.</translation>
    </message>
    <message>
        <source>The local inference engine is incomplete: no {missing} package is installed (found: {listing}).</source>
        <translation>Die lokale Inferenz-Engine ist unvollständig: Das Paket {missing} ist nicht installiert (gefunden: {listing}).</translation>
    </message>
    <message>
        <source>{genai} needs {runtime}, but {listing} is installed.</source>
        <translation>{genai} braucht {runtime}, installiert ist aber {listing}.</translation>
    </message>
    <message>
        <source>broken installation ({listing})</source>
        <translation>fehlerhafte Installation ({listing})</translation>
    </message>
    <message>
        <source>is not a reply setting</source>
        <translation>ist keine Antworteinstellung</translation>
    </message>
    <message>
        <source>must be a list of non-empty texts</source>
        <translation>muss eine Liste nicht leerer Texte sein</translation>
    </message>
    <message>
        <source>must have at most {max_stop_texts} entries</source>
        <translation>darf höchstens {max_stop_texts} Einträge haben</translation>
    </message>
    <message>
        <source>These reply settings are not allowed: {value}.</source>
        <translation>Diese Antworteinstellungen sind nicht erlaubt: {value}.</translation>
    </message>
    <message>
        <source>Nothing was sent; use values within the limits.</source>
        <translation>Es wurde nichts gesendet; verwenden Sie Werte innerhalb der Grenzen.</translation>
    </message>
    <message>
        <source>onnxruntime-genai could not be loaded ({error})</source>
        <translation>onnxruntime-genai konnte nicht geladen werden ({error})</translation>
    </message>
    <message>
        <source>CUDA: not available on macOS</source>
        <translation>CUDA: unter macOS nicht verfügbar</translation>
    </message>
    <message>
        <source>DirectML: only available on Windows</source>
        <translation>DirectML: nur unter Windows verfügbar</translation>
    </message>
    <message>
        <source>CUDA: {problems}</source>
        <translation>CUDA: {problems}</translation>
    </message>
    <message>
        <source>DirectML: {problems}</source>
        <translation>DirectML: {problems}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>this installation has the {build} build of onnxruntime-genai</source>
        <translation>diese Installation hat die {build}-Ausgabe von onnxruntime-genai</translation>
    </message>
    <message>
        <source>NVML and nvidia-smi list none</source>
        <translation>NVML und nvidia-smi führen keine auf</translation>
    </message>
    <message>
        <source>an NVIDIA GPU is present but its driver does not answer ({detail})</source>
        <translation>eine NVIDIA-GPU ist vorhanden, aber ihr Treiber antwortet nicht ({detail})</translation>
    </message>
    <message>
        <source>no NVIDIA GPU found ({detail})</source>
        <translation>keine NVIDIA-GPU gefunden ({detail})</translation>
    </message>
    <message>
        <source>{error} (reinstall agentic-desk[cuda])</source>
        <translation>{error} (installieren Sie agentic-desk[cuda] neu)</translation>
    </message>
    <message>
        <source> (install agentic-desk[default])</source>
        <translation> (installieren Sie agentic-desk[default])</translation>
    </message>
    <message>
        <source>the graphics adapters could not be listed ({note})</source>
        <translation>die Grafikadapter konnten nicht aufgelistet werden ({note})</translation>
    </message>
    <message>
        <source>the CUDA provider library {path} cannot be loaded ({error}); install the NVIDIA CUDA runtime, cuBLAS and cuDNN versions that onnxruntime-gpu needs</source>
        <translation>die CUDA-Bibliothek {path} lässt sich nicht laden ({error}); installieren Sie die Versionen der NVIDIA-CUDA-Laufzeit, von cuBLAS und cuDNN, die onnxruntime-gpu braucht</translation>
    </message>
    <message>
        <source> (DirectML builds are only published for Windows x64)</source>
        <translation> (DirectML-Ausgaben gibt es nur für Windows x64)</translation>
    </message>
    <message>
        <source>no hardware GPU adapter, only the Microsoft Basic Render Driver</source>
        <translation>kein GPU-Adapter als Hardware, nur der Microsoft Basic Render Driver</translation>
    </message>
    <message>
        <source>no GPU adapter found</source>
        <translation>kein GPU-Adapter gefunden</translation>
    </message>
    <message>
        <source> (install agentic-desk[cuda])</source>
        <translation> (installieren Sie agentic-desk[cuda])</translation>
    </message>
    <message>
        <source>The text</source>
        <translation>Der Text</translation>
    </message>
    <message>
        <source>The file</source>
        <translation>Die Datei</translation>
    </message>
    <message>
        <source>its data is nested more than {max_depth} levels deep</source>
        <translation>seine Daten sind mehr als {max_depth} Ebenen tief verschachtelt</translation>
    </message>
    <message>
        <source>{what} {path}</source>
        <translation>{what} {path}</translation>
    </message>
    <message>
        <source>{msg} at line {lineno}, column {colno}</source>
        <translation>{msg} in Zeile {lineno}, Spalte {colno}</translation>
    </message>
    <message>
        <source>{what} cannot be used: {detail}, far more than any real file or request needs.</source>
        <translation>{what} kann nicht verwendet werden: {detail}, weit mehr, als eine echte Datei oder Anfrage braucht.</translation>
    </message>
    <message>
        <source>{name} is a folder, not a file.</source>
        <translation>{name} ist ein Ordner, keine Datei.</translation>
    </message>
    <message>
        <source>{what} is not valid JSON ({detail}).</source>
        <translation>{what} ist kein gültiges JSON ({detail}).</translation>
    </message>
    <message>
        <source>{what} is not usable JSON ({exc}).</source>
        <translation>{what} ist kein verwendbares JSON ({exc}).</translation>
    </message>
    <message>
        <source>Give the path of a JSON file.</source>
        <translation>Geben Sie den Pfad einer JSON-Datei an.</translation>
    </message>
    <message>
        <source>{name} does not exist.</source>
        <translation>{name} existiert nicht.</translation>
    </message>
    <message>
        <source>{name} cannot be read ({why}).</source>
        <translation>{name} kann nicht gelesen werden ({why}).</translation>
    </message>
    <message>
        <source>{what} is not text in UTF-8 (byte {start:,} is not valid UTF-8), so it cannot be JSON.</source>
        <translation>{what} ist kein Text in UTF-8 (Byte {start:,} ist kein gültiges UTF-8) und kann daher kein JSON sein.</translation>
    </message>
    <message>
        <source>Check the path and try again.</source>
        <translation>Prüfen Sie den Pfad und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Check that the file exists and that you may read it.</source>
        <translation>Prüfen Sie, ob die Datei existiert und ob Sie sie lesen dürfen.</translation>
    </message>
    <message>
        <source>The embedding model folder {path} has no model.onnx.</source>
        <translation>Der Ordner des Embedding-Modells {path} enthält keine model.onnx.</translation>
    </message>
    <message>
        <source>Download the embedding model again from Models.</source>
        <translation>Laden Sie das Embedding-Modell unter „Modelle“ erneut herunter.</translation>
    </message>
    <message>
        <source>The embedding model failed: {reason}</source>
        <translation>Das Embedding-Modell ist fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>The embedding model in {path} could not be loaded ({reason}).</source>
        <translation>Das Embedding-Modell in {path} konnte nicht geladen werden ({reason}).</translation>
    </message>
    <message>
        <source>The embedding worker stopped while loading the model.</source>
        <translation>Der Embedding-Prozess wurde beim Laden des Modells beendet.</translation>
    </message>
    <message>
        <source>The embedding worker stopped unexpectedly.</source>
        <translation>Der Embedding-Prozess wurde unerwartet beendet.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, download the embedding model again.</source>
        <translation>Versuchen Sie es erneut; wenn es immer wieder passiert, laden Sie das Embedding-Modell erneut herunter.</translation>
    </message>
    <message>
        <source>Indexing {name}</source>
        <translation>{name} wird indiziert</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>{name} konnte nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>Indexing {name} stopped unexpectedly (the indexing process ended).</source>
        <translation>Die Indizierung von {name} wurde unerwartet beendet (der Indizierungsprozess hat aufgehört).</translation>
    </message>
    <message>
        <source>The files not done yet are kept: add files or resume indexing to go on. If it keeps happening, the computer may be short of memory.</source>
        <translation>Die noch nicht bearbeiteten Dateien bleiben erhalten: Fügen Sie Dateien hinzu oder setzen Sie die Indizierung fort. Wenn das immer wieder passiert, hat der Computer vielleicht zu wenig Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>The indexing process failed:</source>
        <translation>Der Indizierungsprozess ist fehlgeschlagen:</translation>
    </message>
    <message>
        <source>{name} is not a PDF that can be read (it may be damaged).</source>
        <translation>{name} ist kein lesbares PDF (es ist vielleicht beschädigt).</translation>
    </message>
    <message>
        <source>Open it in a PDF viewer and save or print it to a new PDF.</source>
        <translation>Öffnen Sie es in einem PDF-Betrachter und speichern oder drucken Sie es als neues PDF.</translation>
    </message>
    <message>
        <source>{name} is a PDF protected with a password.</source>
        <translation>{name} ist ein passwortgeschütztes PDF.</translation>
    </message>
    <message>
        <source>Save a copy without the password (in a PDF viewer) and add that.</source>
        <translation>Speichern Sie (in einem PDF-Betrachter) eine Kopie ohne Passwort und fügen Sie diese hinzu.</translation>
    </message>
    <message>
        <source>{name}: files of this kind ({suffix}) cannot be added.</source>
        <translation>{name}: Dateien dieser Art ({suffix}) können nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <source>These can: {formats}.</source>
        <translation>Möglich sind: {formats}.</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} ist leer (0 Bytes).</translation>
    </message>
    <message>
        <source>There is nothing in it to index.</source>
        <translation>Darin gibt es nichts zu indizieren.</translation>
    </message>
    <message>
        <source>{name} is too large to index ({size} MB; the limit is {limit} MB).</source>
        <translation>{name} ist zu groß zum Indizieren ({size} MB; die Grenze liegt bei {limit} MB).</translation>
    </message>
    <message>
        <source>Split it into smaller files, or add the parts that matter.</source>
        <translation>Teilen Sie sie in kleinere Dateien auf oder fügen Sie nur die wichtigen Teile hinzu.</translation>
    </message>
    <message>
        <source>{name} has no text in it.</source>
        <translation>{name} enthält keinen Text.</translation>
    </message>
    <message>
        <source>{name} is not a text file (it holds binary data).</source>
        <translation>{name} ist keine Textdatei (sie enthält Binärdaten).</translation>
    </message>
    <message>
        <source>Check that the file&apos;s extension matches what it is.</source>
        <translation>Prüfen Sie, ob die Dateiendung zum Inhalt der Datei passt.</translation>
    </message>
    <message>
        <source>{name} has no text layer: it looks like a scanned PDF.</source>
        <translation>{name} hat keine Textebene: Es scheint ein eingescanntes PDF zu sein.</translation>
    </message>
    <message>
        <source>Text in scanned pages cannot be read yet (no OCR). Add a PDF with text in it.</source>
        <translation>Text auf eingescannten Seiten kann noch nicht gelesen werden (keine Texterkennung). Fügen Sie ein PDF mit Text hinzu.</translation>
    </message>
    <message>
        <source>{name} is not a Word document that can be read (it may be damaged).</source>
        <translation>{name} ist kein lesbares Word-Dokument (es ist vielleicht beschädigt).</translation>
    </message>
    <message>
        <source>Open it in a word processor and save it again as .docx.</source>
        <translation>Öffnen Sie es in einer Textverarbeitung und speichern Sie es erneut als .docx.</translation>
    </message>
    <message>
        <source>{name} is not an OpenDocument text that can be read (it may be damaged).</source>
        <translation>{name} ist kein lesbarer OpenDocument-Text (er ist vielleicht beschädigt).</translation>
    </message>
    <message>
        <source>Open it in a word processor and save it again as .odt.</source>
        <translation>Öffnen Sie ihn in einer Textverarbeitung und speichern Sie ihn erneut als .odt.</translation>
    </message>
    <message>
        <source>no extension</source>
        <translation>keine Endung</translation>
    </message>
    <message>
        <source>the document {file}: {what}</source>
        <translation>das Dokument {file}: {what}</translation>
    </message>
    <message>
        <source>No embedding model is installed, so libraries use keyword search only. Download one (e.g. all-MiniLM-L6-v2) in Models for better answers.</source>
        <translation>Es ist kein Embedding-Modell installiert, daher nutzen Bibliotheken nur die Stichwortsuche. Laden Sie unter „Modelle“ eines herunter (z. B. all-MiniLM-L6-v2), um bessere Antworten zu erhalten.</translation>
    </message>
    <message>
        <source>{path} is not in the library “{name}”.</source>
        <translation>{path} ist nicht in der Bibliothek „{name}“.</translation>
    </message>
    <message>
        <source>See its files with: agentic-desk library show {name}</source>
        <translation>Ihre Dateien zeigt: agentic-desk library show {name}</translation>
    </message>
    <message>
        <source>A library needs a name.</source>
        <translation>Eine Bibliothek braucht einen Namen.</translation>
    </message>
    <message>
        <source>Give it a short name.</source>
        <translation>Geben Sie ihr einen kurzen Namen.</translation>
    </message>
    <message>
        <source>create the library</source>
        <translation>die Bibliothek anzulegen</translation>
    </message>
    <message>
        <source>read the libraries</source>
        <translation>die Bibliotheken zu lesen</translation>
    </message>
    <message>
        <source>There is no library called “{name}”.</source>
        <translation>Es gibt keine Bibliothek namens „{name}“.</translation>
    </message>
    <message>
        <source>See the libraries with: agentic-desk library list</source>
        <translation>Die Bibliotheken zeigt: agentic-desk library list</translation>
    </message>
    <message>
        <source>update the library</source>
        <translation>die Bibliothek zu aktualisieren</translation>
    </message>
    <message>
        <source>remove the library</source>
        <translation>die Bibliothek zu entfernen</translation>
    </message>
    <message>
        <source>read the library&apos;s files</source>
        <translation>die Dateien der Bibliothek zu lesen</translation>
    </message>
    <message>
        <source>add the file</source>
        <translation>die Datei hinzuzufügen</translation>
    </message>
    <message>
        <source>record the file&apos;s state</source>
        <translation>den Zustand der Datei zu speichern</translation>
    </message>
    <message>
        <source>save the file&apos;s passages</source>
        <translation>die Abschnitte der Datei zu speichern</translation>
    </message>
    <message>
        <source>remove the file</source>
        <translation>die Datei zu entfernen</translation>
    </message>
    <message>
        <source>tidy the library index</source>
        <translation>den Index der Bibliothek aufzuräumen</translation>
    </message>
    <message>
        <source>read the passage</source>
        <translation>den Abschnitt zu lesen</translation>
    </message>
    <message>
        <source>read the library</source>
        <translation>die Bibliothek zu lesen</translation>
    </message>
    <message>
        <source>search the library</source>
        <translation>die Bibliothek zu durchsuchen</translation>
    </message>
    <message>
        <source>read the passages</source>
        <translation>die Abschnitte zu lesen</translation>
    </message>
    <message>
        <source>Could not open the library index {path}: {reason}.</source>
        <translation>Der Bibliotheksindex {path} konnte nicht geöffnet werden: {reason}.</translation>
    </message>
    <message>
        <source>set up the library index</source>
        <translation>den Bibliotheksindex einzurichten</translation>
    </message>
    <message>
        <source>Could not {doing}: {reason}.</source>
        <translation>Fehler beim Versuch, {doing}: {reason}.</translation>
    </message>
    <message>
        <source>Check free disk space and that the data folder is writable.</source>
        <translation>Prüfen Sie, ob genug Speicherplatz frei ist und ob in den Datenordner geschrieben werden kann.</translation>
    </message>
    <message>
        <source>There is already a library called “{name}”.</source>
        <translation>Es gibt bereits eine Bibliothek namens „{name}“.</translation>
    </message>
    <message>
        <source>Choose another name, or add files to that one.</source>
        <translation>Wählen Sie einen anderen Namen oder fügen Sie Dateien zu dieser hinzu.</translation>
    </message>
    <message>
        <source>The library index {path} was written by a newer version of Agentic Desk.</source>
        <translation>Der Bibliotheksindex {path} wurde von einer neueren Version von Agentic Desk geschrieben.</translation>
    </message>
    <message>
        <source>About {need} in all: {weights} of weights, {cache} of cache and {runtime} for the runtime, with {logits_words}.</source>
        <translation>Insgesamt etwa {need}: {weights} Gewichte, {cache} Cache und {runtime} für die Laufzeit, mit {logits_words}.</translation>
    </message>
    <message>
        <source>the logits of the last position only ({gb}): the model runs with the last-position graph</source>
        <translation>den Logits nur der letzten Position ({gb}): Das Modell läuft mit dem Graphen der letzten Position</translation>
    </message>
    <message>
        <source>the logits of a {chunk}-token prefill chunk ({gb})</source>
        <translation>den Logits eines Vorlese-Abschnitts von {chunk} Tokens ({gb})</translation>
    </message>
    <message>
        <source>: the model runs with its own graph</source>
        <translation>: Das Modell läuft mit seinem eigenen Graphen</translation>
    </message>
    <message>
        <source> ({note})</source>
        <translation> ({note})</translation>
    </message>
    <message>
        <source>The conversations are encrypted, but the library index could not be: {reason}</source>
        <translation>Die Unterhaltungen sind verschlüsselt, der Index der Bibliotheken konnte es nicht werden: {reason}</translation>
    </message>
    <message>
        <source>Turn encryption on again to finish (the index is read unencrypted until then).</source>
        <translation>Schalten Sie die Verschlüsselung erneut ein, um abzuschließen (bis dahin wird der Index unverschlüsselt gelesen).</translation>
    </message>
    <message>
        <source>Loading the model was cancelled.</source>
        <translation>Das Laden des Modells wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Load it again when ready.</source>
        <translation>Laden Sie es erneut, wenn Sie so weit sind.</translation>
    </message>
    <message>
        <source>it has no int4 products to convert</source>
        <translation>es hat keine int4-Produkte zum Umwandeln</translation>
    </message>
    <message>
        <source>the copy did not match its record</source>
        <translation>die Kopie passte nicht zu ihrem Eintrag</translation>
    </message>
    <message>
        <source>it has {bits}-bit weights (only 4-bit ones are converted)</source>
        <translation>es hat {bits}-Bit-Gewichte (nur 4-Bit-Gewichte werden umgewandelt)</translation>
    </message>
    <message>
        <source>The int8 copy of this model needs {need} GB of disk space in {folder}, and {free} GB is free.</source>
        <translation>Die int8-Kopie dieses Modells braucht {need} GB Speicherplatz in {folder}, frei sind {free} GB.</translation>
    </message>
    <message>
        <source>Free some disk space, or turn off int8 compute in Settings.</source>
        <translation>Geben Sie Speicherplatz frei oder schalten Sie das 8-Bit-Rechnen in den Einstellungen aus.</translation>
    </message>
    <message>
        <source>int8 compute is used on the CPU only</source>
        <translation>8-Bit-Rechnen wird nur auf dem Prozessor verwendet</translation>
    </message>
    <message>
        <source>the model&apos;s folder is read-only</source>
        <translation>der Ordner des Modells ist schreibgeschützt</translation>
    </message>
    <message>
        <source>the graph is not converted: {reason}</source>
        <translation>der Graph wird nicht umgewandelt: {reason}</translation>
    </message>
    <message>
        <source>its weights are reordered (g_idx), which is not converted</source>
        <translation>seine Gewichte sind umgeordnet (g_idx), das wird nicht umgewandelt</translation>
    </message>
    <message>
        <source>the graph could not be read ({exc})</source>
        <translation>der Graph konnte nicht gelesen werden ({exc})</translation>
    </message>
    <message>
        <source>could not write the copy ({exc})</source>
        <translation>die Kopie konnte nicht geschrieben werden ({exc})</translation>
    </message>
    <message>
        <source>its weights are computed, not stored</source>
        <translation>seine Gewichte werden berechnet, nicht gespeichert</translation>
    </message>
    <message>
        <source>its weights are scaled in 16-bit floats (a GPU build)</source>
        <translation>seine Gewichte sind mit 16-Bit-Gleitkommazahlen skaliert (eine Fassung für Grafikkarten)</translation>
    </message>
    <message>
        <source>its zero points are not stored as 4-bit integers</source>
        <translation>seine Nullpunkte sind nicht als 4-Bit-Ganzzahlen gespeichert</translation>
    </message>
    <message>
        <source>its bias is computed, not stored</source>
        <translation>sein Bias wird berechnet, nicht gespeichert</translation>
    </message>
    <message>
        <source>the weights are links to another folder</source>
        <translation>die Gewichte sind Verweise auf einen anderen Ordner</translation>
    </message>
    <message>
        <source>the graph&apos;s LM head is not of a known shape</source>
        <translation>der LM-Kopf des Graphen hat keine bekannte Form</translation>
    </message>
    <message>
        <source>onnxruntime-genai {version} &lt; 0.12</source>
        <translation>onnxruntime-genai {version} &lt; 0.12</translation>
    </message>
    <message>
        <source>“{name}” was removed while it was being indexed.</source>
        <translation>„{name}“ wurde entfernt, während es indiziert wurde.</translation>
    </message>
    <message>
        <source>Nothing of it was kept.</source>
        <translation>Nichts davon wurde behalten.</translation>
    </message>
    <message>
        <source>The library is still being indexed and did not stop.</source>
        <translation>Die Bibliothek wird noch indiziert und hat nicht angehalten.</translation>
    </message>
    <message>
        <source>Cancel the indexing, then remove it again.</source>
        <translation>Brechen Sie das Indizieren ab und entfernen Sie sie dann erneut.</translation>
    </message>
    <message>
        <source>A library&apos;s name can be at most {count} characters.</source>
        <translation>Der Name einer Bibliothek darf höchstens {count} Zeichen lang sein.</translation>
    </message>
    <message>
        <source>Choose a shorter name.</source>
        <translation>Wählen Sie einen kürzeren Namen.</translation>
    </message>
    <message>
        <source>rename the library</source>
        <translation>die Bibliothek umbenennen</translation>
    </message>
    <message>
        <source>Update Agentic Desk to use it. The file was not changed.</source>
        <translation>Aktualisieren Sie Agentic Desk, um ihn zu verwenden. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>That library no longer exists.</source>
        <translation>Diese Bibliothek gibt es nicht mehr.</translation>
    </message>
    <message>
        <source>size unknown until online</source>
        <translation>Größe unbekannt, solange offline</translation>
    </message>
    <message>
        <source>{tokens}-token conversations: about {need} ({weights} of weights, {cache} of cache, {runtime} for the runtime) of the {free} of {where} free now. {reason}</source>
        <translation>Unterhaltungen mit {tokens} Tokens: etwa {need} ({weights} für die Gewichte, {cache} Zwischenspeicher, {runtime} für die Laufzeitumgebung) von den {free} {where}, die jetzt frei sind. {reason}</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU-Speicher</translation>
    </message>
    <message>
        <source>memory (RAM)</source>
        <translation>Arbeitsspeicher (RAM)</translation>
    </message>
    <message>
        <source>Tight: only {detail} Close other apps for longer conversations.</source>
        <translation>Knapp: nur {detail} Schließen Sie andere Apps für längere Unterhaltungen.</translation>
    </message>
    <message>
        <source>An embedding model for document libraries ({size}).</source>
        <translation>Ein Embedding-Modell für Dokumentbibliotheken ({size}).</translation>
    </message>
    <message>
        <source>A names model for the privacy detector ({size}): finds people&apos;s names, organisations and addresses.</source>
        <translation>Ein Namensmodell für die Datenschutzprüfung ({size}): findet Personennamen, Organisationen und Adressen.</translation>
    </message>
    <message>
        <source>Memory need unknown: {size}.</source>
        <translation>Speicherbedarf unbekannt: {size}.</translation>
    </message>
    <message>
        <source>This variant needs {label}, which is not usable here.</source>
        <translation>Diese Variante braucht {label}, das hier nicht nutzbar ist.</translation>
    </message>
    <message>
        <source>The download needs {size} of disk and only {free} is free where models are stored.</source>
        <translation>Der Download braucht {size} Speicherplatz, wo die Modelle liegen, sind aber nur {free} frei.</translation>
    </message>
    <message>
        <source>Needs about {need} for {tokens} tokens; the amount of free {where} is unknown.</source>
        <translation>Braucht etwa {need} für {tokens} Tokens; wie viel {where} frei ist, ist unbekannt.</translation>
    </message>
    <message>
        <source>Fits {detail}</source>
        <translation>Passt: {detail}</translation>
    </message>
    <message>
        <source>an NVIDIA GPU with CUDA</source>
        <translation>eine NVIDIA-GPU mit CUDA</translation>
    </message>
    <message>
        <source>a DirectML GPU (Windows)</source>
        <translation>eine DirectML-GPU (Windows)</translation>
    </message>
    <message>
        <source>the best-ranked model that fits this machine, on {device}</source>
        <translation>das bestplatzierte Modell, das auf diesen Computer passt, auf {device}</translation>
    </message>
    <message>
        <source>the best-ranked model that fits this machine tightly, on {device}</source>
        <translation>das bestplatzierte Modell, das knapp auf diesen Computer passt, auf {device}</translation>
    </message>
    <message>
        <source>{names} (tested here); also accepted, untested: {names2}</source>
        <translation>{names} (hier getestet); ebenfalls angenommen, ungetestet: {names2}</translation>
    </message>
    <message>
        <source>Checking the GGUF file</source>
        <translation>GGUF-Datei wird geprüft</translation>
    </message>
    <message>
        <source>Computing its SHA-256</source>
        <translation>SHA-256 wird berechnet</translation>
    </message>
    <message>
        <source>De-quantising the weights</source>
        <translation>Gewichte werden dequantisiert</translation>
    </message>
    <message>
        <source>Writing a temporary Hugging Face copy</source>
        <translation>Temporäre Hugging-Face-Kopie wird geschrieben</translation>
    </message>
    <message>
        <source>Building the ONNX model</source>
        <translation>ONNX-Modell wird erstellt</translation>
    </message>
    <message>
        <source>Checking the converted model</source>
        <translation>Umgewandeltes Modell wird geprüft</translation>
    </message>
    <message>
        <source>Adding it to your models</source>
        <translation>Wird zu Ihren Modellen hinzugefügt</translation>
    </message>
    <message>
        <source>Converting a GGUF file needs packages that are not installed: {missing}.</source>
        <translation>Zum Umwandeln einer GGUF-Datei werden Pakete gebraucht, die nicht installiert sind: {missing}.</translation>
    </message>
    <message>
        <source>&apos;{variant}&apos; is not a variant the converter can build.</source>
        <translation>&apos;{variant}&apos; ist keine Variante, die der Konverter erstellen kann.</translation>
    </message>
    <message>
        <source>Choose one of: {names}.</source>
        <translation>Wählen Sie eine davon: {names}.</translation>
    </message>
    <message>
        <source>The model builder cannot make a {precision} model for {variant}.</source>
        <translation>Der Modell-Builder kann kein {precision}-Modell für {variant} erstellen.</translation>
    </message>
    <message>
        <source>For {variant} choose {allowed}{value}</source>
        <translation>Für {variant} wählen Sie {allowed}{value}</translation>
    </message>
    <message>
        <source>{file_name} is a &apos;{architecture}&apos; model, and converting that architecture is not supported.</source>
        <translation>{file_name} ist ein Modell der Architektur &apos;{architecture}&apos;, und das Umwandeln dieser Architektur wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>Supported architectures: {supported_architectures_text}.</source>
        <translation>Unterstützte Architekturen: {supported_architectures_text}.</translation>
    </message>
    <message>
        <source>{file_name} uses quantisation types the converter cannot de-quantise: {counts}.</source>
        <translation>{file_name} verwendet Quantisierungstypen, die der Konverter nicht dequantisieren kann: {counts}.</translation>
    </message>
    <message>
        <source>Supported types: {names}. Download a file of this model in one of them (e.g. Q4_K_M, Q8_0 or F16).</source>
        <translation>Unterstützte Typen: {names}. Laden Sie eine Datei dieses Modells in einem davon herunter (z. B. Q4_K_M, Q8_0 oder F16).</translation>
    </message>
    <message>
        <source>Converting needs about {gb} free on the disk that holds {models_dir} ({gb2} for a temporary de-quantised copy, {gb3} for the converted model), but only {gb4} are free.</source>
        <translation>Das Umwandeln braucht etwa {gb} freien Platz auf dem Datenträger mit {models_dir} ({gb2} für eine temporäre dequantisierte Kopie, {gb3} für das umgewandelte Modell), frei sind aber nur {gb4}.</translation>
    </message>
    <message>
        <source>Free up {gb} there, or set models_dir to a folder on a larger disk.</source>
        <translation>Geben Sie dort {gb} frei oder stellen Sie models_dir auf einen Ordner auf einem größeren Datenträger.</translation>
    </message>
    <message>
        <source>Converting needs about {gb} of memory (the de-quantised weights are held in fp32), but only {gb2} are available.</source>
        <translation>Das Umwandeln braucht etwa {gb} Arbeitsspeicher (die dequantisierten Gewichte werden in fp32 gehalten), verfügbar sind aber nur {gb2}.</translation>
    </message>
    <message>
        <source>Close other programs and try again, or convert on a computer with more memory (the converted folder can be copied and imported anywhere).</source>
        <translation>Schließen Sie andere Programme und versuchen Sie es erneut, oder wandeln Sie auf einem Computer mit mehr Arbeitsspeicher um (der umgewandelte Ordner lässt sich kopieren und überall importieren).</translation>
    </message>
    <message>
        <source>The conversion was cancelled.</source>
        <translation>Die Umwandlung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Its temporary files were removed.</source>
        <translation>Ihre temporären Dateien wurden entfernt.</translation>
    </message>
    <message>
        <source>The conversion process was stopped by the system, most likely because the computer ran out of memory.</source>
        <translation>Der Umwandlungsprozess wurde vom System beendet, höchstwahrscheinlich weil dem Computer der Arbeitsspeicher ausging.</translation>
    </message>
    <message>
        <source>Close other programs and try again, or convert on a computer with more memory.</source>
        <translation>Schließen Sie andere Programme und versuchen Sie es erneut, oder wandeln Sie auf einem Computer mit mehr Arbeitsspeicher um.</translation>
    </message>
    <message>
        <source>The conversion process stopped unexpectedly (exit code {code}).</source>
        <translation>Der Umwandlungsprozess wurde unerwartet beendet (Exit-Code {code}).</translation>
    </message>
    <message>
        <source>The last lines of its log: {log_tail}</source>
        <translation>Die letzten Zeilen seines Protokolls: {log_tail}</translation>
    </message>
    <message>
        <source>is a folder, not a GGUF file</source>
        <translation>ist ein Ordner, keine GGUF-Datei</translation>
    </message>
    <message>
        <source>{path} {what}.</source>
        <translation>{path} {what}.</translation>
    </message>
    <message>
        <source>Choose the .gguf file of the model.</source>
        <translation>Wählen Sie die .gguf-Datei des Modells.</translation>
    </message>
    <message>
        <source>A model with the id {model_id} is already installed.</source>
        <translation>Ein Modell mit der ID {model_id} ist schon installiert.</translation>
    </message>
    <message>
        <source>Remove it first, or import under another name (--name).</source>
        <translation>Entfernen Sie es zuerst oder importieren Sie es unter einem anderen Namen (--name).</translation>
    </message>
    <message>
        <source>The conversion failed unexpectedly ({name}: {exc}).</source>
        <translation>Die Umwandlung ist unerwartet fehlgeschlagen ({name}: {exc}).</translation>
    </message>
    <message>
        <source>Please report this with the log shown by &apos;agentic-desk models import&apos;.</source>
        <translation>Bitte melden Sie dies mit dem Protokoll, das &apos;agentic-desk models import&apos; anzeigt.</translation>
    </message>
    <message>
        <source> (fp16 needs a GPU variant: cuda or dml).</source>
        <translation> (fp16 braucht eine GPU-Variante: cuda oder dml).</translation>
    </message>
    <message>
        <source>.</source>
        <translation>.</translation>
    </message>
    <message>
        <source>reading the configuration</source>
        <translation>Konfiguration wird gelesen</translation>
    </message>
    <message>
        <source>converting the tokenizer</source>
        <translation>Tokenizer wird umgewandelt</translation>
    </message>
    <message>
        <source>loading the weights</source>
        <translation>Gewichte werden geladen</translation>
    </message>
    <message>
        <source>reading the header</source>
        <translation>Kopfdaten werden gelesen</translation>
    </message>
    <message>
        <source>loading PyTorch and transformers</source>
        <translation>PyTorch und transformers werden geladen</translation>
    </message>
    <message>
        <source>{name} has no general.architecture entry, so it is not a model GGUF file.</source>
        <translation>{name} hat keinen Eintrag general.architecture und ist daher keine GGUF-Datei eines Modells.</translation>
    </message>
    <message>
        <source>Choose the model&apos;s .gguf file (not a LoRA adapter or a vision projector).</source>
        <translation>Wählen Sie die .gguf-Datei des Modells (keinen LoRA-Adapter und keinen Vision-Projektor).</translation>
    </message>
    <message>
        <source>{name} turned into a &apos;{model_type}&apos; model, which this converter does not build (expected {expected}).</source>
        <translation>{name} wurde zu einem Modell vom Typ &apos;{model_type}&apos;, das dieser Konverter nicht erstellt (erwartet: {expected}).</translation>
    </message>
    <message>
        <source>Choose another model file.</source>
        <translation>Wählen Sie eine andere Modelldatei.</translation>
    </message>
    <message>
        <source>The ONNX model builder failed: {reason}</source>
        <translation>Der ONNX-Modell-Builder ist fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>This model may use a feature the builder does not support for {variant}/{precision}; try another variant or precision.</source>
        <translation>Dieses Modell verwendet vielleicht eine Funktion, die der Builder für {variant}/{precision} nicht unterstützt; versuchen Sie eine andere Variante oder Genauigkeit.</translation>
    </message>
    <message>
        <source>{name} is not a readable GGUF file ({name2}: {exc}).</source>
        <translation>{name} ist keine lesbare GGUF-Datei ({name2}: {exc}).</translation>
    </message>
    <message>
        <source>The file may be damaged or cut short: download it again.</source>
        <translation>Die Datei ist vielleicht beschädigt oder abgeschnitten: Laden Sie sie erneut herunter.</translation>
    </message>
    <message>
        <source>{name} is cut short: tensor {name2} needs bytes up to {end:,} but the file holds {size:,}.</source>
        <translation>{name} ist abgeschnitten: Der Tensor {name2} braucht Bytes bis {end:,}, die Datei enthält aber nur {size:,}.</translation>
    </message>
    <message>
        <source>The download did not finish: download the file again.</source>
        <translation>Der Download wurde nicht abgeschlossen: Laden Sie die Datei erneut herunter.</translation>
    </message>
    <message>
        <source>transformers cannot read {name} ({exc}).</source>
        <translation>transformers kann {name} nicht lesen ({exc}).</translation>
    </message>
    <message>
        <source>Supported architectures: {architectures}.</source>
        <translation>Unterstützte Architekturen: {architectures}.</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>Exit-Code {code}</translation>
    </message>
    <message>
        <source>quantised {quantized} of about {expected} weight matrices</source>
        <translation>{quantized} von etwa {expected} Gewichtsmatrizen quantisiert</translation>
    </message>
    <message>
        <source>writing genai_config.json</source>
        <translation>genai_config.json wird geschrieben</translation>
    </message>
    <message>
        <source>The conversion ran out of memory.</source>
        <translation>Bei der Umwandlung ging der Arbeitsspeicher aus.</translation>
    </message>
    <message>
        <source>Close other programs and try again, or convert on a bigger computer.</source>
        <translation>Schließen Sie andere Programme und versuchen Sie es erneut, oder wandeln Sie auf einem größeren Computer um.</translation>
    </message>
    <message>
        <source>no data for too long</source>
        <translation>zu lange keine Daten</translation>
    </message>
    <message>
        <source>cannot connect</source>
        <translation>keine Verbindung möglich</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>Verbindung verloren</translation>
    </message>
    <message>
        <source>Downloading {repo_id} ({variant})</source>
        <translation>{repo_id} wird heruntergeladen ({variant})</translation>
    </message>
    <message>
        <source>The download of {name} stopped unexpectedly.</source>
        <translation>Der Download von {name} wurde unerwartet beendet.</translation>
    </message>
    <message>
        <source>Try again.</source>
        <translation>Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>{path} arrived damaged {max_bad_hash} times in a row.</source>
        <translation>{path} kam {max_bad_hash}-mal hintereinander beschädigt an.</translation>
    </message>
    <message>
        <source>Something between you and the Hub alters the data (a proxy or antivirus?). Try another network.</source>
        <translation>Etwas zwischen Ihnen und dem Hub verändert die Daten (ein Proxy oder Virenschutz?). Versuchen Sie es in einem anderen Netzwerk.</translation>
    </message>
    <message>
        <source>The download of {name} was cancelled.</source>
        <translation>Der Download von {name} wurde abgebrochen.</translation>
    </message>
    <message>
        <source>What it had downloaded was deleted.</source>
        <translation>Was schon heruntergeladen war, wurde gelöscht.</translation>
    </message>
    <message>
        <source>The download of {name} is paused.</source>
        <translation>Der Download von {name} ist angehalten.</translation>
    </message>
    <message>
        <source>What was downloaded is kept: resume it to continue from there.</source>
        <translation>Was heruntergeladen wurde, bleibt erhalten: Setzen Sie den Download fort, um dort weiterzumachen.</translation>
    </message>
    <message>
        <source>Not enough disk space: the download needs {gb} more, and {gb2} is free where models are stored ({root}).</source>
        <translation>Nicht genug Speicherplatz: Der Download braucht noch {gb}, und dort, wo die Modelle gespeichert werden ({root}), sind {gb2} frei.</translation>
    </message>
    <message>
        <source>Free at least {gb} on that drive, or choose another models folder in Settings.</source>
        <translation>Geben Sie auf diesem Laufwerk mindestens {gb} frei oder wählen Sie in den Einstellungen einen anderen Modellordner.</translation>
    </message>
    <message>
        <source>The Hub refused to send {path} of {repo_id} (HTTP {code}).</source>
        <translation>Der Hub hat sich geweigert, {path} von {repo_id} zu senden (HTTP {code}).</translation>
    </message>
    <message>
        <source>This model may be gated: accept its licence on its Hugging Face page and set HF_TOKEN to your access token.</source>
        <translation>Dieses Modell ist vielleicht zugangsbeschränkt: Akzeptieren Sie seine Lizenz auf seiner Hugging-Face-Seite und setzen Sie HF_TOKEN auf Ihr Zugriffstoken.</translation>
    </message>
    <message>
        <source>{path} is no longer in {repo_id} at the pinned revision.</source>
        <translation>{path} ist in {repo_id} bei der festgelegten Revision nicht mehr vorhanden.</translation>
    </message>
    <message>
        <source>Cancel this download and start it again.</source>
        <translation>Brechen Sie diesen Download ab und starten Sie ihn neu.</translation>
    </message>
    <message>
        <source>The download stopped unexpectedly: {exc!r}</source>
        <translation>Der Download wurde unerwartet beendet: {exc!r}</translation>
    </message>
    <message>
        <source>Try again; the data downloaded so far is kept.</source>
        <translation>Versuchen Sie es erneut; die bisher heruntergeladenen Daten bleiben erhalten.</translation>
    </message>
    <message>
        <source>{path} arrived damaged; fetching it again ({bad}/{max_bad_hash}).</source>
        <translation>{path} kam beschädigt an; wird erneut geholt ({bad}/{max_bad_hash}).</translation>
    </message>
    <message>
        <source>The disk became full during the download.</source>
        <translation>Der Datenträger wurde während des Downloads voll.</translation>
    </message>
    <message>
        <source>Free some space, then resume: what was downloaded so far is kept.</source>
        <translation>Geben Sie Speicherplatz frei und setzen Sie dann fort: Was bisher heruntergeladen wurde, bleibt erhalten.</translation>
    </message>
    <message>
        <source>{repo_id} ({variant}) is already being downloaded by another Agentic Desk window.</source>
        <translation>{repo_id} ({variant}) wird schon von einem anderen Fenster von Agentic Desk heruntergeladen.</translation>
    </message>
    <message>
        <source>Let that download finish, or close the other window.</source>
        <translation>Lassen Sie diesen Download zu Ende laufen oder schließen Sie das andere Fenster.</translation>
    </message>
    <message>
        <source>The download of {path} keeps failing ({why}).</source>
        <translation>Der Download von {path} schlägt immer wieder fehl ({why}).</translation>
    </message>
    <message>
        <source>Check your connection and resume the download: what was downloaded is kept.</source>
        <translation>Prüfen Sie Ihre Verbindung und setzen Sie den Download fort: Was heruntergeladen wurde, bleibt erhalten.</translation>
    </message>
    <message>
        <source>Connection problem ({why}); retrying in {delay:.0f} s ({failures}/{max_retries}).</source>
        <translation>Verbindungsproblem ({why}); neuer Versuch in {delay:.0f} s ({failures}/{max_retries}).</translation>
    </message>
    <message>
        <source>The model hub at {endpoint} cannot be reached{plain_reason}.</source>
        <translation>Der Modell-Hub unter {endpoint} ist nicht erreichbar{plain_reason}.</translation>
    </message>
    <message>
        <source>Check your internet connection (and proxy settings), then try again.</source>
        <translation>Prüfen Sie Ihre Internetverbindung (und die Proxy-Einstellungen) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>: the connection was refused</source>
        <translation>: die Verbindung wurde abgelehnt</translation>
    </message>
    <message>
        <source>: its name could not be found</source>
        <translation>: sein Name wurde nicht gefunden</translation>
    </message>
    <message>
        <source>: it did not answer in time</source>
        <translation>: er hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>: its security certificate was not accepted</source>
        <translation>: sein Sicherheitszertifikat wurde nicht akzeptiert</translation>
    </message>
    <message>
        <source>{repo_id} has no &apos;{choice}&apos; variant.</source>
        <translation>{repo_id} hat keine Variante &apos;{choice}&apos;.</translation>
    </message>
    <message>
        <source>Available: {available}.</source>
        <translation>Verfügbar: {available}.</translation>
    </message>
    <message>
        <source>{repo_id} is a gated model: its authors ask you to accept their licence first.</source>
        <translation>{repo_id} ist ein zugangsbeschränktes Modell: Seine Autoren bitten Sie, zuerst ihre Lizenz zu akzeptieren.</translation>
    </message>
    <message>
        <source>Accept it on the model&apos;s Hugging Face page, then set your access token in the HF_TOKEN environment variable (or run &apos;hf auth login&apos;).</source>
        <translation>Akzeptieren Sie sie auf der Hugging-Face-Seite des Modells und setzen Sie dann Ihr Zugriffstoken in der Umgebungsvariablen HF_TOKEN (oder führen Sie &apos;hf auth login&apos; aus).</translation>
    </message>
    <message>
        <source>{repo_id} was not found on {endpoint} (or it is private).</source>
        <translation>{repo_id} wurde auf {endpoint} nicht gefunden (oder ist privat).</translation>
    </message>
    <message>
        <source>Check the name; for a private model set HF_TOKEN to a token that can read it.</source>
        <translation>Prüfen Sie den Namen; setzen Sie für ein privates Modell HF_TOKEN auf ein Token, das es lesen darf.</translation>
    </message>
    <message>
        <source>The Hub answered with an error for {repo_id} (HTTP {status}).</source>
        <translation>Der Hub hat für {repo_id} mit einem Fehler geantwortet (HTTP {status}).</translation>
    </message>
    <message>
        <source>Try again in a few minutes.</source>
        <translation>Versuchen Sie es in ein paar Minuten erneut.</translation>
    </message>
    <message>
        <source>The Hub refused access to {repo_id} (HTTP {status}).</source>
        <translation>Der Hub hat den Zugriff auf {repo_id} verweigert (HTTP {status}).</translation>
    </message>
    <message>
        <source>Check that HF_TOKEN holds a valid token with read access.</source>
        <translation>Prüfen Sie, ob HF_TOKEN ein gültiges Token mit Lesezugriff enthält.</translation>
    </message>
    <message>
        <source>The move was cancelled.</source>
        <translation>Das Verschieben wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The models are still in the old folder.</source>
        <translation>Die Modelle sind noch im alten Ordner.</translation>
    </message>
    <message>
        <source>{destination} is already the models folder.</source>
        <translation>{destination} ist bereits der Modellordner.</translation>
    </message>
    <message>
        <source>Choose another folder.</source>
        <translation>Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>{destination} is inside the current models folder {source}.</source>
        <translation>{destination} liegt im aktuellen Modellordner {source}.</translation>
    </message>
    <message>
        <source>Choose a folder outside it (for example on another disk).</source>
        <translation>Wählen Sie einen Ordner außerhalb davon (zum Beispiel auf einem anderen Datenträger).</translation>
    </message>
    <message>
        <source>{destination} is a file, not a folder.</source>
        <translation>{destination} ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>Choose a folder.</source>
        <translation>Wählen Sie einen Ordner.</translation>
    </message>
    <message>
        <source>{destination} is not empty.</source>
        <translation>{destination} ist nicht leer.</translation>
    </message>
    <message>
        <source>Choose an empty folder, or type the name of a new one; models are never mixed into a folder that holds other files.</source>
        <translation>Wählen Sie einen leeren Ordner oder geben Sie den Namen eines neuen ein; Modelle werden nie in einen Ordner gemischt, der andere Dateien enthält.</translation>
    </message>
    <message>
        <source>The model {busy} is loaded, so its files cannot be moved now.</source>
        <translation>Das Modell {busy} ist geladen, daher können seine Dateien jetzt nicht verschoben werden.</translation>
    </message>
    <message>
        <source>Unload it (or wait for it to be unloaded when idle) and try again.</source>
        <translation>Entladen Sie es (oder warten Sie, bis es bei Untätigkeit entladen wird) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Agentic Desk cannot write to {where}.</source>
        <translation>Agentic Desk kann nicht in {where} schreiben.</translation>
    </message>
    <message>
        <source>Choose a folder you can write to.</source>
        <translation>Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <source>There is not enough free space at {destination}: the models need {size_text} (plus {size_text2} to spare) and only {size_text3} is free.</source>
        <translation>In {destination} ist nicht genug Platz frei: Die Modelle brauchen {size_text} (plus {size_text2} Reserve), frei sind aber nur {size_text3}.</translation>
    </message>
    <message>
        <source>Free some space there, or choose a folder on another disk.</source>
        <translation>Geben Sie dort Platz frei oder wählen Sie einen Ordner auf einem anderen Datenträger.</translation>
    </message>
    <message>
        <source>Moving the models to {destination}</source>
        <translation>Die Modelle werden nach {destination} verschoben</translation>
    </message>
    <message>
        <source>Copying the models to {destination} failed ({reason}); the partial copy was removed.</source>
        <translation>Das Kopieren der Modelle nach {destination} ist fehlgeschlagen ({reason}); die unvollständige Kopie wurde entfernt.</translation>
    </message>
    <message>
        <source>The models are still in the old folder. Check the destination and try again.</source>
        <translation>Die Modelle sind noch im alten Ordner. Prüfen Sie das Ziel und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The copy of {path} in {destination} does not match the original, so the move was undone.</source>
        <translation>Die Kopie von {path} in {destination} stimmt nicht mit dem Original überein, daher wurde das Verschieben rückgängig gemacht.</translation>
    </message>
    <message>
        <source>The disk there may be failing or full; the models are still in the old folder. Try another folder.</source>
        <translation>Der Datenträger dort ist vielleicht defekt oder voll; die Modelle sind noch im alten Ordner. Versuchen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>umgewandelt</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>{path} is missing</source>
        <translation>{path} fehlt</translation>
    </message>
    <message>
        <source>{path} is damaged (its SHA-256 does not match)</source>
        <translation>{path} ist beschädigt (seine SHA-256-Prüfsumme stimmt nicht)</translation>
    </message>
    <message>
        <source>{path} is damaged (its checksum does not match)</source>
        <translation>{path} ist beschädigt (seine Prüfsumme stimmt nicht)</translation>
    </message>
    <message>
        <source>The model in {folder} is damaged: {count:,} of its weight tensors hold values that are not numbers (NaN), in {files} (the first: {tensor}). A model like that answers nothing or nonsense.</source>
        <translation>Das Modell in {folder} ist beschädigt: {count:,} seiner Gewichtstensoren enthalten Werte, die keine Zahlen sind (NaN), in {files} (der erste: {tensor}). Ein solches Modell antwortet nichts oder Unsinn.</translation>
    </message>
    <message>
        <source>Copy the folder again from where it came from, or download the model again. Nothing was imported.</source>
        <translation>Kopieren Sie den Ordner erneut von seiner Quelle oder laden Sie das Modell erneut herunter. Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>was downloaded</source>
        <translation>heruntergeladen wurde</translation>
    </message>
    <message>
        <source>was {added}</source>
        <translation>{added} wurde</translation>
    </message>
    <message>
        <source>Some of its files changed since it {since} (&apos;agentic-desk models verify {id}&apos; lists them). Download or import it again.</source>
        <translation>Einige seiner Dateien haben sich geändert, seit es {since} (&apos;agentic-desk models verify {id}&apos; listet sie auf). Laden Sie es erneut herunter oder importieren Sie es erneut.</translation>
    </message>
    <message>
        <source>Not checked yet: &apos;agentic-desk models verify {id}&apos; compares every file with the Hub&apos;s checksums.</source>
        <translation>Noch nicht geprüft: &apos;agentic-desk models verify {id}&apos; vergleicht jede Datei mit den Prüfsummen des Hubs.</translation>
    </message>
    <message>
        <source>No installed model has the id &apos;{model_id}&apos;.</source>
        <translation>Kein installiertes Modell hat die ID &apos;{model_id}&apos;.</translation>
    </message>
    <message>
        <source>See &apos;agentic-desk models list&apos; for the installed models.</source>
        <translation>&apos;agentic-desk models list&apos; zeigt die installierten Modelle.</translation>
    </message>
    <message>
        <source>The model {id} is already installed.</source>
        <translation>Das Modell {id} ist schon installiert.</translation>
    </message>
    <message>
        <source>Remove it first to download it again.</source>
        <translation>Entfernen Sie es zuerst, um es erneut herunterzuladen.</translation>
    </message>
    <message>
        <source>The model {model_id} is loaded (process {map}).</source>
        <translation>Das Modell {model_id} ist geladen (Prozess {map}).</translation>
    </message>
    <message>
        <source>Unload it (or close the chat that uses it) and try again.</source>
        <translation>Entladen Sie es (oder schließen Sie den Chat, der es verwendet) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>set {env_home} to a folder you can write to</source>
        <translation>setzen Sie {env_home} auf einen Ordner, in den Sie schreiben dürfen</translation>
    </message>
    <message>
        <source>choose another models folder in Settings</source>
        <translation>wählen Sie in den Einstellungen einen anderen Modellordner</translation>
    </message>
    <message>
        <source>data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>models folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>logs folder</source>
        <translation>Protokollordner</translation>
    </message>
    <message>
        <source>cache folder</source>
        <translation>Cache-Ordner</translation>
    </message>
    <message>
        <source>Agentic Desk cannot create its {what} {path} ({reason}).</source>
        <translation>Agentic Desk kann seinen {what} {path} nicht anlegen ({reason}).</translation>
    </message>
    <message>
        <source>Check that the drive is connected, not full and not read-only, or {fix}.</source>
        <translation>Prüfen Sie, ob das Laufwerk angeschlossen, nicht voll und nicht schreibgeschützt ist, oder {fix}.</translation>
    </message>
    <message>
        <source>Agentic Desk cannot write to its {what} {path} ({reason}).</source>
        <translation>Agentic Desk kann nicht in seinen {what} {path} schreiben ({reason}).</translation>
    </message>
    <message>
        <source>Give your user account write access to {path}, or {fix}.</source>
        <translation>Geben Sie Ihrem Benutzerkonto Schreibrechte für {path}, oder {fix}.</translation>
    </message>
    <message>
        <source>Agentic Desk cannot create its {what} {path} because {blocker} is a file, not a folder.</source>
        <translation>Agentic Desk kann seinen {what} {path} nicht anlegen, weil {blocker} eine Datei und kein Ordner ist.</translation>
    </message>
    <message>
        <source>Move or rename the file {blocker}, or {fix}.</source>
        <translation>Verschieben oder benennen Sie die Datei {blocker} um, oder {fix}.</translation>
    </message>
    <message>
        <source>Agentic Desk cannot create its {what} {path}: permission denied.</source>
        <translation>Agentic Desk kann seinen {what} {path} nicht anlegen: Zugriff verweigert.</translation>
    </message>
    <message>
        <source>Give your user account write access to {nearest_existing}, or {fix}.</source>
        <translation>Geben Sie Ihrem Benutzerkonto Schreibrechte für {nearest_existing}, oder {fix}.</translation>
    </message>
    <message>
        <source>The names model in {path} cannot be used ({reason}).</source>
        <translation>Das Namensmodell in {path} kann nicht verwendet werden ({reason}).</translation>
    </message>
    <message>
        <source>Download it again in Models, or choose the built-in names model in Settings.</source>
        <translation>Laden Sie es unter Modelle erneut herunter oder wählen Sie in den Einstellungen das eingebaute Namensmodell.</translation>
    </message>
    <message>
        <source>Names model: none (rules only).</source>
        <translation>Namensmodell: keines (nur Regeln).</translation>
    </message>
    <message>
        <source>{reason} The built-in names model is used instead.</source>
        <translation>{reason} Stattdessen wird das eingebaute Namensmodell verwendet.</translation>
    </message>
    <message>
        <source>Names model: the built-in one (small, from the app).</source>
        <translation>Namensmodell: das eingebaute (klein, aus der App).</translation>
    </message>
    <message>
        <source>Names model: {name} ({path}).</source>
        <translation>Namensmodell: {name} ({path}).</translation>
    </message>
    <message>
        <source>The names model could not be used: {reason}</source>
        <translation>Das Namensmodell konnte nicht verwendet werden: {reason}</translation>
    </message>
    <message>
        <source>No names model is installed.</source>
        <translation>Es ist kein Namensmodell installiert.</translation>
    </message>
    <message>
        <source>People&apos;s names, addresses and organisations are found by rules only: a name after a title or greeting (Mr, Dr, Dear), a street address or postcode, a company with its legal form (Ltd, GmbH). A name written without such a cue may not be seen; add it to your sensitive terms.</source>
        <translation>Namen von Personen, Adressen und Organisationen werden nur anhand von Regeln gefunden: ein Name nach einer Anrede oder einem Titel (Herr, Frau, Dr.), eine Straßenanschrift oder Postleitzahl, eine Firma mit ihrer Rechtsform (GmbH, AG). Ein Name ohne solchen Hinweis wird vielleicht nicht erkannt; fügen Sie ihn Ihren vertraulichen Begriffen hinzu.</translation>
    </message>
    <message>
        <source>The names model in {path} cannot be read ({reason}).</source>
        <translation>Das Namensmodell in {path} kann nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>Remove that folder, or install the names model again.</source>
        <translation>Entfernen Sie diesen Ordner oder installieren Sie das Namensmodell erneut.</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>der Ordner existiert nicht</translation>
    </message>
    <message>
        <source>it has no onnx/model.onnx</source>
        <translation>es hat keine onnx/model.onnx</translation>
    </message>
    <message>
        <source>its tokenizer has no [CLS] or [SEP] token</source>
        <translation>sein Tokenizer hat kein [CLS]- oder [SEP]-Token</translation>
    </message>
    <message>
        <source>its model.onnx takes no input_ids</source>
        <translation>seine model.onnx nimmt keine input_ids</translation>
    </message>
    <message>
        <source>it is not a names model folder</source>
        <translation>es ist kein Ordner eines Namensmodells</translation>
    </message>
    <message>
        <source>The names model in {path} could not be loaded.</source>
        <translation>Das Namensmodell in {path} konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>its config.json names no person label (B-PER)</source>
        <translation>seine config.json nennt keine Personenkennung (B-PER)</translation>
    </message>
    <message>
        <source>its model.onnx could not be loaded</source>
        <translation>seine model.onnx konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>The names model failed on a text.</source>
        <translation>Das Namensmodell ist bei einem Text fehlgeschlagen.</translation>
    </message>
    <message>
        <source>{value!r} is not a privacy level.</source>
        <translation>{value!r} ist keine Datenschutzstufe.</translation>
    </message>
    <message>
        <source>Use one of: {names}.</source>
        <translation>Verwenden Sie eine davon: {names}.</translation>
    </message>
    <message>
        <source>the system prompt</source>
        <translation>die Systemanweisung</translation>
    </message>
    <message>
        <source>this message</source>
        <translation>diese Nachricht</translation>
    </message>
    <message>
        <source>the stop sequences</source>
        <translation>die Stopptexte</translation>
    </message>
    <message>
        <source>Found {kinds} {noun} of sensitive data in this conversation: {parts}. This message stays on this computer.</source>
        <translation>{kinds} {noun} vertraulicher Daten in dieser Unterhaltung gefunden: {parts}. Diese Nachricht bleibt auf diesem Computer.</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>kinds</source>
        <translation>Arten</translation>
    </message>
    <message>
        <source>and {count} more places</source>
        <translation>und {count} weitere Stellen</translation>
    </message>
    <message>
        <source>and {count} more place</source>
        <translation>und {count} weitere Stelle</translation>
    </message>
    <message>
        <source>line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Sent with personal details replaced ({placeholders} placeholders); {restored} restored in the reply.</source>
        <translation>Mit ersetzten persönlichen Angaben gesendet ({placeholders} Platzhalter); {restored} in der Antwort wiederhergestellt.</translation>
    </message>
    <message>
        <source>Not in this conversation, so shown marked and not guessed: {names}.</source>
        <translation>Nicht in dieser Unterhaltung, daher markiert angezeigt und nicht erraten: {names}.</translation>
    </message>
    <message>
        <source>national ID number (e.g. US SSN)</source>
        <translation>Ausweis- oder Versicherungsnummer (z. B. US-SSN)</translation>
    </message>
    <message>
        <source>payment card number</source>
        <translation>Zahlungskartennummer</translation>
    </message>
    <message>
        <source>diagnosis code (ICD)</source>
        <translation>Diagnoseschlüssel (ICD)</translation>
    </message>
    <message>
        <source>term from your list of sensitive terms</source>
        <translation>Begriff aus Ihrer Liste vertraulicher Begriffe</translation>
    </message>
    <message>
        <source>e-mail addresses</source>
        <translation>E-Mail-Adressen</translation>
    </message>
    <message>
        <source>phone numbers</source>
        <translation>Telefonnummern</translation>
    </message>
    <message>
        <source>national ID numbers (e.g. US SSN)</source>
        <translation>Ausweis- oder Versicherungsnummern (z. B. US-SSN)</translation>
    </message>
    <message>
        <source>payment card numbers</source>
        <translation>Zahlungskartennummern</translation>
    </message>
    <message>
        <source>IBANs</source>
        <translation>IBANs</translation>
    </message>
    <message>
        <source>IP addresses</source>
        <translation>IP-Adressen</translation>
    </message>
    <message>
        <source>dates of birth</source>
        <translation>Geburtsdaten</translation>
    </message>
    <message>
        <source>medical record numbers</source>
        <translation>Patientenaktennummern</translation>
    </message>
    <message>
        <source>diagnosis codes (ICD)</source>
        <translation>Diagnoseschlüssel (ICD)</translation>
    </message>
    <message>
        <source>API keys or secrets</source>
        <translation>API-Schlüssel oder Geheimnisse</translation>
    </message>
    <message>
        <source>people&apos;s names</source>
        <translation>Namen von Personen</translation>
    </message>
    <message>
        <source>postal addresses</source>
        <translation>Postanschriften</translation>
    </message>
    <message>
        <source>organisations&apos; names</source>
        <translation>Namen von Organisationen</translation>
    </message>
    <message>
        <source>terms from your list of sensitive terms</source>
        <translation>Begriffe aus Ihrer Liste vertraulicher Begriffe</translation>
    </message>
    <message>
        <source>Found {kinds} {noun} of sensitive data: {parts}. This message stays on this computer.</source>
        <translation>{kinds} {noun} vertraulicher Daten gefunden: {parts}. Diese Nachricht bleibt auf diesem Computer.</translation>
    </message>
    <message>
        <source>lines {lines}</source>
        <translation>Zeilen {lines}</translation>
    </message>
    <message>
        <source>No sensitive data found.</source>
        <translation>Keine vertraulichen Daten gefunden.</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>Zeile {line}</translation>
    </message>
    <message>
        <source>lines {lines} and {count} more</source>
        <translation>Zeilen {lines} und {count} weitere</translation>
    </message>
    <message>
        <source>{count} {labels}</source>
        <translation>{count} {labels}</translation>
    </message>
    <message>
        <source>the Anthropic API</source>
        <translation>die Anthropic-API</translation>
    </message>
    <message>
        <source>Check the base URL in Settings → Providers; for Anthropic it is https://api.anthropic.com.</source>
        <translation>Prüfen Sie die Basis-URL unter Einstellungen → Anbieter; für Anthropic lautet sie https://api.anthropic.com.</translation>
    </message>
    <message>
        <source>an event of the wrong shape</source>
        <translation>ein Ereignis mit falschem Aufbau</translation>
    </message>
    <message>
        <source>Connected to {p}: &apos;{model}&apos; answered.</source>
        <translation>Verbunden mit {p}: &apos;{model}&apos; hat geantwortet.</translation>
    </message>
    <message>
        <source>an event that is not valid JSON</source>
        <translation>ein Ereignis, das kein gültiges JSON ist</translation>
    </message>
    <message>
        <source>The provider</source>
        <translation>Der Anbieter</translation>
    </message>
    <message>
        <source>chat endpoint</source>
        <translation>den Chat-Endpunkt</translation>
    </message>
    <message>
        <source>Settings → Providers</source>
        <translation>Einstellungen → Anbieter</translation>
    </message>
    <message>
        <source>Check your connection and try again, or give {p} a longer timeout in Settings → Providers.</source>
        <translation>Prüfen Sie Ihre Verbindung und versuchen Sie es erneut, oder geben Sie {p} unter Einstellungen → Anbieter eine längere Wartezeit.</translation>
    </message>
    <message>
        <source>Check your internet connection (and any proxy or firewall), then try again.</source>
        <translation>Prüfen Sie Ihre Internetverbindung (und einen etwaigen Proxy oder eine Firewall) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source> (connection refused)</source>
        <translation> (Verbindung abgelehnt)</translation>
    </message>
    <message>
        <source> (the host name could not be resolved)</source>
        <translation> (der Hostname konnte nicht aufgelöst werden)</translation>
    </message>
    <message>
        <source> (its TLS certificate was not accepted)</source>
        <translation> (sein TLS-Zertifikat wurde nicht akzeptiert)</translation>
    </message>
    <message>
        <source>Nothing was sent to {provider}: the request held sensitive data ({kinds}).</source>
        <translation>Es wurde nichts an {provider} gesendet: Die Anfrage enthielt vertrauliche Daten ({kinds}).</translation>
    </message>
    <message>
        <source>It stays on this computer: the local model can answer it. (This last check runs on every cloud request, after routing.)</source>
        <translation>Sie bleibt auf diesem Computer: Das lokale Modell kann sie beantworten. (Diese letzte Prüfung läuft bei jeder Cloud-Anfrage, nach der Weiterleitung.)</translation>
    </message>
    <message>
        <source>{p} rejected the request{shown}{said}</source>
        <translation>{p} hat die Anfrage abgelehnt{shown}{said}</translation>
    </message>
    <message>
        <source>Check the model name and the reply settings for this provider (such as the maximum reply length) in {settings}.</source>
        <translation>Prüfen Sie den Modellnamen und die Antworteinstellungen für diesen Anbieter (etwa die maximale Antwortlänge) unter {settings}.</translation>
    </message>
    <message>
        <source>The connection to {p} broke before it answered.</source>
        <translation>Die Verbindung zu {p} ist abgebrochen, bevor eine Antwort kam.</translation>
    </message>
    <message>
        <source>Check your connection and try again.</source>
        <translation>Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The reply from {p} was cut short: the connection closed before it finished.</source>
        <translation>Die Antwort von {p} wurde abgeschnitten: Die Verbindung wurde geschlossen, bevor sie fertig war.</translation>
    </message>
    <message>
        <source>Ask again for a complete reply; the text received so far is kept.</source>
        <translation>Fragen Sie erneut nach einer vollständigen Antwort; der bisher empfangene Text bleibt erhalten.</translation>
    </message>
    <message>
        <source>{p} sent a reply this app could not read ({what}).</source>
        <translation>{p} hat eine Antwort gesendet, die diese App nicht lesen konnte ({what}).</translation>
    </message>
    <message>
        <source>Check that the base URL {base_url} belongs to {api_label}.</source>
        <translation>Prüfen Sie, ob die Basis-URL {base_url} zu {api_label} gehört.</translation>
    </message>
    <message>
        <source>Check the base URL in Settings → Providers, and your internet connection.</source>
        <translation>Prüfen Sie die Basis-URL unter Einstellungen → Anbieter und Ihre Internetverbindung.</translation>
    </message>
    <message>
        <source>Make sure the server is running (for Ollama: &apos;ollama serve&apos;) and that the address and port in Settings → Providers are right.</source>
        <translation>Stellen Sie sicher, dass der Server läuft (für Ollama: &apos;ollama serve&apos;) und dass Adresse und Port unter Einstellungen → Anbieter stimmen.</translation>
    </message>
    <message>
        <source>{p} needs an API key{shown}.</source>
        <translation>{p} braucht einen API-Schlüssel{shown}.</translation>
    </message>
    <message>
        <source>Add the key in {settings}, or run &apos;agentic-desk keys set {name}&apos;.</source>
        <translation>Tragen Sie den Schlüssel unter {settings} ein oder führen Sie &apos;agentic-desk keys set {name}&apos; aus.</translation>
    </message>
    <message>
        <source>{p} says the account is out of credits{shown}.</source>
        <translation>{p} meldet, dass das Konto kein Guthaben mehr hat{shown}.</translation>
    </message>
    <message>
        <source>Add credits to your {p} account, then try again.</source>
        <translation>Laden Sie Guthaben auf Ihr Konto bei {p} und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>{p} refused access{shown}{said}</source>
        <translation>{p} hat den Zugriff verweigert{shown}{said}</translation>
    </message>
    <message>
        <source>Check that the API key may use the model &apos;{model}&apos; (see {settings}), or pick another model.</source>
        <translation>Prüfen Sie, ob der API-Schlüssel das Modell &apos;{model}&apos; verwenden darf (siehe {settings}), oder wählen Sie ein anderes Modell.</translation>
    </message>
    <message>
        <source> at {url}</source>
        <translation> unter {url}</translation>
    </message>
    <message>
        <source>{p} has no {what}{where}{shown}.</source>
        <translation>Bei {p} gibt es {what}{where} nicht{shown}.</translation>
    </message>
    <message>
        <source>{p} gave up waiting for the request{shown}.</source>
        <translation>{p} hat das Warten auf die Anfrage aufgegeben{shown}.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, check your connection.</source>
        <translation>Versuchen Sie es erneut; wenn es immer wieder passiert, prüfen Sie Ihre Verbindung.</translation>
    </message>
    <message>
        <source>The conversation is too large for {p}{shown}.</source>
        <translation>Die Unterhaltung ist zu groß für {p}{shown}.</translation>
    </message>
    <message>
        <source>Start a new chat or shorten the longest messages, then try again.</source>
        <translation>Beginnen Sie einen neuen Chat oder kürzen Sie die längsten Nachrichten und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>{p} is rate-limiting requests{shown}.</source>
        <translation>{p} begrenzt gerade die Zahl der Anfragen{shown}.</translation>
    </message>
    <message>
        <source>Wait a minute and try again; if this keeps happening, check your plan&apos;s rate limits with {p}.</source>
        <translation>Warten Sie eine Minute und versuchen Sie es erneut; wenn es immer wieder passiert, prüfen Sie die Anfragegrenzen Ihres Tarifs bei {p}.</translation>
    </message>
    <message>
        <source>try again in {wait}</source>
        <translation>versuchen Sie es in {wait} erneut</translation>
    </message>
    <message>
        <source>try again in a minute</source>
        <translation>versuchen Sie es in einer Minute erneut</translation>
    </message>
    <message>
        <source>{p} is overloaded right now{shown}.</source>
        <translation>{p} ist gerade überlastet{shown}.</translation>
    </message>
    <message>
        <source>{later}.</source>
        <translation>{later}.</translation>
    </message>
    <message>
        <source>{p} redirected the request elsewhere{shown}.</source>
        <translation>{p} hat die Anfrage anderswohin umgeleitet{shown}.</translation>
    </message>
    <message>
        <source>Could not connect to {p} at {base} within {timeout} s.</source>
        <translation>Keine Verbindung zu {p} unter {base} innerhalb von {timeout} s.</translation>
    </message>
    <message>
        <source>{p} did not respond within {timeout} s.</source>
        <translation>{p} hat nicht innerhalb von {timeout} s geantwortet.</translation>
    </message>
    <message>
        <source>The base URL for {p} is not a web address: {base}</source>
        <translation>Die Basis-URL für {p} ist keine Webadresse: {base}</translation>
    </message>
    <message>
        <source>Use an address that starts with http:// or https:// in Settings → Providers.</source>
        <translation>Verwenden Sie unter Einstellungen → Anbieter eine Adresse, die mit http:// oder https:// beginnt.</translation>
    </message>
    <message>
        <source>Could not connect to {p} at {base}{reason}.</source>
        <translation>Keine Verbindung zu {p} unter {base}{reason}.</translation>
    </message>
    <message>
        <source>{p} rejected the API key{shown}.</source>
        <translation>{p} hat den API-Schlüssel abgelehnt{shown}.</translation>
    </message>
    <message>
        <source>Check the key in {settings}, or run &apos;agentic-desk keys set {name}&apos;.</source>
        <translation>Prüfen Sie den Schlüssel unter {settings} oder führen Sie &apos;agentic-desk keys set {name}&apos; aus.</translation>
    </message>
    <message>
        <source>{p} does not know the model &apos;{model}&apos;{shown}.</source>
        <translation>{p} kennt das Modell &apos;{model}&apos; nicht{shown}.</translation>
    </message>
    <message>
        <source>Check the model name in {settings}; it must be one that {p} offers.</source>
        <translation>Prüfen Sie den Modellnamen unter {settings}; es muss eines sein, das {p} anbietet.</translation>
    </message>
    <message>
        <source>{p} says the account has no quota left{shown}.</source>
        <translation>{p} meldet, dass das Konto kein Kontingent mehr hat{shown}.</translation>
    </message>
    <message>
        <source>Check your plan and billing with {p}.</source>
        <translation>Prüfen Sie Ihren Tarif und die Abrechnung bei {p}.</translation>
    </message>
    <message>
        <source>{p} is rate-limiting requests; try again in {format_wait}.</source>
        <translation>{p} begrenzt gerade die Zahl der Anfragen; versuchen Sie es in {format_wait} erneut.</translation>
    </message>
    <message>
        <source>If this keeps happening, check your plan&apos;s rate limits with {p}.</source>
        <translation>Wenn das immer wieder passiert, prüfen Sie die Anfragegrenzen Ihres Tarifs bei {p}.</translation>
    </message>
    <message>
        <source>{p} is unavailable right now{shown}.</source>
        <translation>{p} ist gerade nicht erreichbar{shown}.</translation>
    </message>
    <message>
        <source>{later}; if it persists, check {p}&apos;s status page.</source>
        <translation>{later}; wenn es anhält, sehen Sie auf der Statusseite von {p} nach.</translation>
    </message>
    <message>
        <source>{p} had an internal error{shown}.</source>
        <translation>Bei {p} ist ein interner Fehler aufgetreten{shown}.</translation>
    </message>
    <message>
        <source>The problem is on {p}&apos;s side; {later}.</source>
        <translation>Das Problem liegt bei {p}; {later}.</translation>
    </message>
    <message>
        <source>a chat API</source>
        <translation>eine Chat-API</translation>
    </message>
    <message>
        <source>Check the base URL in Settings → Providers.</source>
        <translation>Prüfen Sie die Basis-URL unter Einstellungen → Anbieter.</translation>
    </message>
    <message>
        <source>a JSON document instead of an event stream</source>
        <translation>ein JSON-Dokument statt eines Ereignisstroms</translation>
    </message>
    <message>
        <source>text that is not UTF-8</source>
        <translation>Text, der kein UTF-8 ist</translation>
    </message>
    <message>
        <source>a body that does not decode</source>
        <translation>einen Inhalt, der sich nicht dekodieren lässt</translation>
    </message>
    <message>
        <source>a JSON document that does not parse</source>
        <translation>ein JSON-Dokument, das sich nicht einlesen lässt</translation>
    </message>
    <message>
        <source>a JSON document that is far too large</source>
        <translation>ein JSON-Dokument, das viel zu groß ist</translation>
    </message>
    <message>
        <source>The model process ended the reply without finishing it.</source>
        <translation>Der Modellprozess hat die Antwort beendet, ohne sie fertigzustellen.</translation>
    </message>
    <message>
        <source>Send again to retry.</source>
        <translation>Senden Sie erneut, um es noch einmal zu versuchen.</translation>
    </message>
    <message>
        <source>an OpenAI-compatible API</source>
        <translation>eine OpenAI-kompatible API</translation>
    </message>
    <message>
        <source>Check the base URL in Settings → Providers; for OpenAI-compatible servers it usually ends in /v1 (e.g. http://localhost:11434/v1 for Ollama).</source>
        <translation>Prüfen Sie die Basis-URL unter Einstellungen → Anbieter; bei OpenAI-kompatiblen Servern endet sie meist auf /v1 (z. B. http://localhost:11434/v1 für Ollama).</translation>
    </message>
    <message>
        <source>Connected to {p}.</source>
        <translation>Verbunden mit {p}.</translation>
    </message>
    <message>
        <source>Connected to {p}: {count} models available, including &apos;{model}&apos;.</source>
        <translation>Verbunden mit {p}: {count} Modelle verfügbar, darunter &apos;{model}&apos;.</translation>
    </message>
    <message>
        <source>{p} does not know the model &apos;{model}&apos;.</source>
        <translation>{p} kennt das Modell &apos;{model}&apos; nicht.</translation>
    </message>
    <message>
        <source>Pick one that {p} offers in Settings → Providers (e.g. {examples}).</source>
        <translation>Wählen Sie unter Einstellungen → Anbieter eines, das {p} anbietet (z. B. {examples}).</translation>
    </message>
    <message>
        <source>a JSON document of the wrong shape</source>
        <translation>ein JSON-Dokument mit falschem Aufbau</translation>
    </message>
    <message>
        <source>a model list of the wrong shape</source>
        <translation>eine Modellliste mit falschem Aufbau</translation>
    </message>
    <message>
        <source>Connected to {p}: 1 model available, including &apos;{model}&apos;.</source>
        <translation>Verbunden mit {p}: 1 Modell verfügbar, &apos;{model}&apos;.</translation>
    </message>
    <message>
        <source>model list</source>
        <translation>die Modellliste</translation>
    </message>
    <message>
        <source>a model list that is not JSON</source>
        <translation>eine Modellliste, die kein JSON ist</translation>
    </message>
    <message>
        <source>{field} {message}</source>
        <translation>{field} {message}</translation>
    </message>
    <message>
        <source>that field</source>
        <translation>dieses Feld</translation>
    </message>
    <message>
        <source>those fields</source>
        <translation>diese Felder</translation>
    </message>
    <message>
        <source>router.config.json: {describe_problem}.</source>
        <translation>router.config.json: {describe_problem}.</translation>
    </message>
    <message>
        <source>Fix {fields} (see the sample router.config.json in the README) and import again.</source>
        <translation>Korrigieren Sie {fields} (siehe die Beispieldatei router.config.json in der README) und importieren Sie erneut.</translation>
    </message>
    <message>
        <source>always</source>
        <translation>immer</translation>
    </message>
    <message>
        <source>names the provider &apos;{name}&apos;, which is not under providers</source>
        <translation>nennt den Anbieter &apos;{name}&apos;, der nicht unter providers steht</translation>
    </message>
    <message>
        <source>The routing configuration</source>
        <translation>Die Weiterleitungskonfiguration</translation>
    </message>
    <message>
        <source>Fix or remove the file, or import a configuration again.</source>
        <translation>Korrigieren oder entfernen Sie die Datei, oder importieren Sie erneut eine Konfiguration.</translation>
    </message>
    <message>
        <source>privacy {privacy}</source>
        <translation>Datenschutz {privacy}</translation>
    </message>
    <message>
        <source>complexity {complexity}</source>
        <translation>Komplexität {complexity}</translation>
    </message>
    <message>
        <source>task {tags}</source>
        <translation>Aufgabe {tags}</translation>
    </message>
    <message>
        <source>≥ {min_tokens} tokens</source>
        <translation>≥ {min_tokens} Tokens</translation>
    </message>
    <message>
        <source>≤ {max_tokens} tokens</source>
        <translation>≤ {max_tokens} Tokens</translation>
    </message>
    <message>
        <source>budget {budget}</source>
        <translation>Budget {budget}</translation>
    </message>
    <message>
        <source>needs tools</source>
        <translation>braucht Werkzeuge</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>die Datei</translation>
    </message>
    <message>
        <source>holds a literal key, which is never kept in a file; use a ${ENV_VAR} placeholder</source>
        <translation>enthält einen Schlüssel im Klartext, der nie in einer Datei aufbewahrt wird; verwenden Sie einen Platzhalter ${ENV_VAR}</translation>
    </message>
    <message>
        <source>The API key for &apos;{name}&apos; was moved into the system keyring; the configuration keeps only a reference to it.</source>
        <translation>Der API-Schlüssel für &apos;{name}&apos; wurde in den Schlüsselbund des Systems verschoben; die Konfiguration enthält nur noch einen Verweis darauf.</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>nur lokal</translation>
    </message>
    <message>
        <source>not local-only</source>
        <translation>nicht nur lokal</translation>
    </message>
    <message>
        <source>no sensitive data</source>
        <translation>keine vertraulichen Daten</translation>
    </message>
    <message>
        <source>local: no model is installed or loaded yet</source>
        <translation>lokal: noch kein Modell installiert oder geladen</translation>
    </message>
    <message>
        <source>personal details replaced</source>
        <translation>persönliche Angaben ersetzt</translation>
    </message>
    <message>
        <source>privacy {level}</source>
        <translation>Datenschutz {level}</translation>
    </message>
    <message>
        <source>{where} is marked {level}</source>
        <translation>{where} ist als {level} markiert</translation>
    </message>
    <message>
        <source>(a conversation at high goes with personal details replaced only when you turn that on for it)</source>
        <translation>(eine Unterhaltung mit Datenschutzstufe Hoch wird nur dann mit ersetzten persönlichen Angaben gesendet, wenn Sie das für sie einschalten)</translation>
    </message>
    <message>
        <source> (estimated)</source>
        <translation> (geschätzt)</translation>
    </message>
    <message>
        <source>privacy: {level}; complexity: {complexity}{estimated}</source>
        <translation>Datenschutz: {level}; Komplexität: {complexity}{estimated}</translation>
    </message>
    <message>
        <source>not used: {why}</source>
        <translation>nicht verwendet: {why}</translation>
    </message>
    <message>
        <source>Cloud · {provider} · {reason} · {replaced}</source>
        <translation>Cloud · {provider} · {reason} · {replaced}</translation>
    </message>
    <message>
        <source>sensitive data found in {places}</source>
        <translation>vertrauliche Daten gefunden in {places}</translation>
    </message>
    <message>
        <source>default provider</source>
        <translation>Standardanbieter</translation>
    </message>
    <message>
        <source>fallback chain</source>
        <translation>Ersatzkette</translation>
    </message>
    <message>
        <source>local fallback</source>
        <translation>lokaler Ersatz</translation>
    </message>
    <message>
        <source>No model is ready to answer yet.</source>
        <translation>Noch ist kein Modell bereit zu antworten.</translation>
    </message>
    <message>
        <source>Download or import one on the Models page (or with agentic-desk models download); it runs on this computer. Or turn cloud providers on and add a key.</source>
        <translation>Laden Sie eines auf der Seite Modelle herunter oder importieren Sie eines (oder mit agentic-desk models download); es läuft auf diesem Computer. Oder schalten Sie Cloud-Anbieter ein und tragen Sie einen Schlüssel ein.</translation>
    </message>
    <message>
        <source>No provider can take this message: {refused}.</source>
        <translation>Kein Anbieter kann diese Nachricht übernehmen: {refused}.</translation>
    </message>
    <message>
        <source>Load a local model (it can always serve you), or turn cloud providers on and add a key.</source>
        <translation>Laden Sie ein lokales Modell (es kann Ihnen immer antworten) oder schalten Sie Cloud-Anbieter ein und tragen Sie einen Schlüssel ein.</translation>
    </message>
    <message>
        <source>(local only never leaves, even with personal details replaced)</source>
        <translation>(„Nur lokal“ verlässt den Computer nie, auch nicht mit ersetzten persönlichen Angaben)</translation>
    </message>
    <message>
        <source>(not every personal detail could be replaced with confidence)</source>
        <translation>(nicht jede persönliche Angabe konnte sicher ersetzt werden)</translation>
    </message>
    <message>
        <source>model: {model}</source>
        <translation>Modell: {model}</translation>
    </message>
    <message>
        <source>estimated cost: ${estimated_cost:.4f}</source>
        <translation>geschätzte Kosten: ${estimated_cost:.4f}</translation>
    </message>
    <message>
        <source>if it fails: {provider}{model}</source>
        <translation>wenn es fehlschlägt: {provider}{model}</translation>
    </message>
    <message>
        <source>This message was not sent anywhere: {message}</source>
        <translation>Diese Nachricht wurde nirgendwohin gesendet: {message}</translation>
    </message>
    <message>
        <source>{hint} A privacy level that is not known is never treated as normal.</source>
        <translation>{hint} Eine unbekannte Datenschutzstufe wird nie wie Normal behandelt.</translation>
    </message>
    <message>
        <source>sensitive data found</source>
        <translation>vertrauliche Daten gefunden</translation>
    </message>
    <message>
        <source>chosen by you</source>
        <translation>von Ihnen gewählt</translation>
    </message>
    <message>
        <source>rule {index}: {reason}</source>
        <translation>Regel {index}: {reason}</translation>
    </message>
    <message>
        <source>privacy-first mode</source>
        <translation>Modus Datenschutz zuerst</translation>
    </message>
    <message>
        <source>{provider}: not a configured provider</source>
        <translation>{provider}: kein eingerichteter Anbieter</translation>
    </message>
    <message>
        <source>sent with personal details replaced by placeholders</source>
        <translation>mit durch Platzhalter ersetzten persönlichen Angaben gesendet</translation>
    </message>
    <message>
        <source>{name}: {what} keeps this message on this computer</source>
        <translation>{name}: {what} hält diese Nachricht auf diesem Computer</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <source>{name}: no API key set</source>
        <translation>{name}: kein API-Schlüssel eingetragen</translation>
    </message>
    <message>
        <source>{name}: about ${cost:.4f} is over the ${max_cost_per_request} per-request limit</source>
        <translation>{name}: etwa ${cost:.4f} liegt über der Grenze von ${max_cost_per_request} pro Anfrage</translation>
    </message>
    <message>
        <source>{name}: the daily budget is used up</source>
        <translation>{name}: das Tagesbudget ist aufgebraucht</translation>
    </message>
    <message>
        <source>{name}: the monthly budget is used up</source>
        <translation>{name}: das Monatsbudget ist aufgebraucht</translation>
    </message>
    <message>
        <source>must be a text or a list of texts</source>
        <translation>muss ein Text oder eine Liste von Texten sein</translation>
    </message>
    <message>
        <source>is {got} (allowed: {allowed})</source>
        <translation>ist {got} (erlaubt: {allowed})</translation>
    </message>
    <message>
        <source>has {got} (allowed: {allowed})</source>
        <translation>enthält {got} (erlaubt: {allowed})</translation>
    </message>
    <message>
        <source>the D-Bus session bus {address!r} cannot be reached: {detail}</source>
        <translation>der D-Bus-Sitzungsbus {address!r} ist nicht erreichbar: {detail}</translation>
    </message>
    <message>
        <source>No OS keyring is available to store API keys: {reason}.</source>
        <translation>Zum Speichern von API-Schlüsseln steht kein Schlüsselbund des Betriebssystems zur Verfügung: {reason}.</translation>
    </message>
    <message>
        <source>no D-Bus session bus, DBUS_SESSION_BUS_ADDRESS is unset: {detail}</source>
        <translation>kein D-Bus-Sitzungsbus, DBUS_SESSION_BUS_ADDRESS ist nicht gesetzt: {detail}</translation>
    </message>
    <message>
        <source>{path} keeps keys in a file, which Agentic Desk refuses to use</source>
        <translation>{path} speichert Schlüssel in einer Datei, was Agentic Desk ablehnt</translation>
    </message>
    <message>
        <source>{path} (from keyrings.alt) is not an OS keyring, which Agentic Desk requires</source>
        <translation>{path} (aus keyrings.alt) ist kein Schlüsselbund des Betriebssystems, den Agentic Desk aber voraussetzt</translation>
    </message>
    <message>
        <source>the keyring library found no usable backend ({path})</source>
        <translation>die Bibliothek keyring hat kein verwendbares Backend gefunden ({path})</translation>
    </message>
    <message>
        <source>keyring is disabled in its configuration ({path}); remove that setting (`keyring diagnose` shows where the configuration file is)</source>
        <translation>keyring ist in seiner Konfiguration abgeschaltet ({path}); entfernen Sie diese Einstellung (`keyring diagnose` zeigt, wo die Konfigurationsdatei liegt)</translation>
    </message>
    <message>
        <source>the keyring chainer has no usable backends{detail}</source>
        <translation>der Keyring-Chainer hat keine verwendbaren Backends{detail}</translation>
    </message>
    <message>
        <source>The API key must be text.</source>
        <translation>Der API-Schlüssel muss Text sein.</translation>
    </message>
    <message>
        <source>Paste the key again.</source>
        <translation>Fügen Sie den Schlüssel erneut ein.</translation>
    </message>
    <message>
        <source>The API key is empty.</source>
        <translation>Der API-Schlüssel ist leer.</translation>
    </message>
    <message>
        <source>Paste the key from your provider&apos;s site.</source>
        <translation>Fügen Sie den Schlüssel von der Website Ihres Anbieters ein.</translation>
    </message>
    <message>
        <source>The API key contains spaces or control characters.</source>
        <translation>Der API-Schlüssel enthält Leerzeichen oder Steuerzeichen.</translation>
    </message>
    <message>
        <source>Copy the key again from your provider&apos;s site; only the key itself is needed.</source>
        <translation>Kopieren Sie den Schlüssel erneut von der Website Ihres Anbieters; nur der Schlüssel selbst wird gebraucht.</translation>
    </message>
    <message>
        <source>the keyring is locked and was not unlocked ({detail})</source>
        <translation>der Schlüsselbund ist gesperrt und wurde nicht entsperrt ({detail})</translation>
    </message>
    <message>
        <source>{class_path} did not delete the key for {provider!r}</source>
        <translation>{class_path} hat den Schlüssel für {provider!r} nicht gelöscht</translation>
    </message>
    <message>
        <source>{default_reason}, and {platform_backend_name} cannot be used</source>
        <translation>{default_reason}, und {platform_backend_name} kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>the keyring chainer failed to list its backends ({describe})</source>
        <translation>der Keyring-Chainer konnte seine Backends nicht auflisten ({describe})</translation>
    </message>
    <message>
        <source>keyring failed to start ({describe})</source>
        <translation>keyring konnte nicht starten ({describe})</translation>
    </message>
    <message>
        <source>Nothing was changed; choose an allowed value.</source>
        <translation>Es wurde nichts geändert; wählen Sie einen erlaubten Wert.</translation>
    </message>
    <message>
        <source>a model folder or a model-store id</source>
        <translation>ein Modellordner oder eine ID aus dem Modellspeicher</translation>
    </message>
    <message>
        <source>one of true, false, 1, 0, yes, no</source>
        <translation>eines von true, false, 1, 0, yes, no</translation>
    </message>
    <message>
        <source>a comma-separated list of {providers} (for example &quot;cuda,cpu&quot;), with &quot;auto&quot; only on its own</source>
        <translation>eine durch Kommas getrennte Liste aus {providers} (zum Beispiel &quot;cuda,cpu&quot;), wobei &quot;auto&quot; nur allein stehen darf</translation>
    </message>
    <message>
        <source>a whole number {range_text}</source>
        <translation>eine ganze Zahl {range_text}</translation>
    </message>
    <message>
        <source>a number {range_text}</source>
        <translation>eine Zahl {range_text}</translation>
    </message>
    <message>
        <source>{var} is {raw}, but it must be {env_allowed}.</source>
        <translation>{var} ist {raw}, muss aber {env_allowed} sein.</translation>
    </message>
    <message>
        <source>Fix or unset {join_names}, then start Agentic Desk again.</source>
        <translation>Korrigieren oder entfernen Sie {join_names} und starten Sie Agentic Desk dann erneut.</translation>
    </message>
    <message>
        <source>The model to load at start: a model folder or a model-store id. Empty: no default model.</source>
        <translation>Das Modell, das beim Start geladen wird: ein Modellordner oder eine ID aus dem Modellspeicher. Leer: kein Standardmodell.</translation>
    </message>
    <message>
        <source>Where the model runs, in order of preference: cuda (NVIDIA GPU), dml (DirectML GPU, Windows), cpu; or auto (best available) on its own.</source>
        <translation>Wo das Modell läuft, in der bevorzugten Reihenfolge: cuda (NVIDIA-GPU), dml (DirectML-GPU, Windows), cpu; oder auto (das Beste, was verfügbar ist) allein.</translation>
    </message>
    <message>
        <source>Longest reply, in tokens.</source>
        <translation>Längste Antwort, in Tokens.</translation>
    </message>
    <message>
        <source>Randomness of replies: 0 always picks the likeliest word; higher is more varied.</source>
        <translation>Zufälligkeit der Antworten: 0 wählt immer das wahrscheinlichste Wort; höhere Werte sorgen für mehr Abwechslung.</translation>
    </message>
    <message>
        <source>Nucleus sampling: pick only from the likeliest words that together make up this share of the probability.</source>
        <translation>Nucleus-Sampling: Nur aus den wahrscheinlichsten Wörtern wählen, die zusammen diesen Anteil der Wahrscheinlichkeit ausmachen.</translation>
    </message>
    <message>
        <source>Pick only from this many likeliest words; 0 turns the limit off.</source>
        <translation>Nur aus so vielen der wahrscheinlichsten Wörter wählen; 0 schaltet die Grenze ab.</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating words already in the conversation; 1 is off.</source>
        <translation>Über 1 werden Wörter, die schon in der Unterhaltung vorkommen, seltener wiederholt; 1 ist aus.</translation>
    </message>
    <message>
        <source>Random seed for reproducible replies; empty: a new seed each time.</source>
        <translation>Startwert des Zufalls für wiederholbare Antworten; leer: jedes Mal ein neuer.</translation>
    </message>
    <message>
        <source>Texts that end a reply when the model writes them.</source>
        <translation>Texte, die eine Antwort beenden, wenn das Modell sie schreibt.</translation>
    </message>
    <message>
        <source>Longest conversation the model sees, in tokens; empty: chosen from the memory free when the model loads (16,384 where it fits, the model&apos;s own limit if shorter; it grows when a conversation needs more and memory allows). The cache for the whole length is reserved at load.</source>
        <translation>Längste Unterhaltung, die das Modell sieht, in Tokens; leer: wird beim Laden des Modells nach dem freien Arbeitsspeicher gewählt (16.384, wo das passt, oder die eigene Grenze des Modells, wenn sie kürzer ist; sie wächst, wenn eine Unterhaltung mehr braucht und der Arbeitsspeicher es erlaubt). Der Zwischenspeicher für die ganze Länge wird beim Laden reserviert.</translation>
    </message>
    <message>
        <source>The prompt is read in chunks of this many tokens, so a long prompt can be cancelled quickly.</source>
        <translation>Die Eingabe wird in Stücken von so vielen Tokens gelesen, damit sich eine lange Eingabe schnell abbrechen lässt.</translation>
    </message>
    <message>
        <source>Unload the model to free memory after this many idle minutes; 0: never.</source>
        <translation>Das Modell nach so vielen Minuten ohne Nutzung entladen, um Arbeitsspeicher freizugeben; 0: nie.</translation>
    </message>
    <message>
        <source>Send every request to the local ONNX engine (agentic-flow&apos;s USE_ONNX).</source>
        <translation>Jede Anfrage an die lokale ONNX-Engine senden (USE_ONNX von agentic-flow).</translation>
    </message>
    <message>
        <source>On the processor, compute with 8-bit instead of 4-bit weights: long prompts are read several times faster. It costs about 60% more memory and disk than the model&apos;s weights (about 1.2 GB more for a 4B model), a conversion of a few minutes the first time the model loads, and answers may differ slightly from the 4-bit model&apos;s.</source>
        <translation>Auf dem Prozessor mit 8-Bit- statt 4-Bit-Gewichten rechnen: Lange Eingaben werden um ein Mehrfaches schneller gelesen. Das kostet etwa 60 % mehr Arbeits- und Festplattenspeicher als die Gewichte des Modells (etwa 1,2 GB mehr bei einem 4B-Modell), eine Umwandlung von einigen Minuten beim ersten Laden des Modells, und die Antworten können leicht von denen des 4-Bit-Modells abweichen.</translation>
    </message>
    <message>
        <source>Colour theme: follow the system (its high-contrast setting, else light or dark), or always light, dark or high contrast.</source>
        <translation>Farbschema: wie das System (dessen Einstellung für hohen Kontrast, sonst hell oder dunkel) oder immer hell, dunkel oder hoher Kontrast.</translation>
    </message>
    <message>
        <source>Language of the window: follow the system&apos;s language (English when it has no translation), or always English (en) or German (de). Needs a restart.</source>
        <translation>Sprache des Fensters: wie die Sprache des Systems (Englisch, wenn es dafür keine Übersetzung gibt) oder immer Englisch (en) oder Deutsch (de). Erfordert einen Neustart.</translation>
    </message>
    <message>
        <source>Instructions the model gets at the start of every new conversation that has none of its own (a template&apos;s system prompt replaces it); empty: none.</source>
        <translation>Anweisungen, die das Modell zu Beginn jeder neuen Unterhaltung ohne eigene Anweisungen bekommt (die Systemanweisung einer Vorlage ersetzt sie); leer: keine.</translation>
    </message>
    <message>
        <source>Master switch for cloud providers. Off: every message stays on this computer, whatever the routing rules say.</source>
        <translation>Hauptschalter für Cloud-Anbieter. Aus: Jede Nachricht bleibt auf diesem Computer, ganz gleich, was die Weiterleitungsregeln sagen.</translation>
    </message>
    <message>
        <source>Let programs using the local API server reach cloud providers too (a separate opt-in; off: they get the local model only).</source>
        <translation>Auch Programmen, die den lokalen API-Server nutzen, Cloud-Anbieter erlauben (eine eigene Zustimmung; aus: Sie bekommen nur das lokale Modell).</translation>
    </message>
    <message>
        <source>Requests of programs using the local API server go to the cloud with personal details replaced by placeholders, restored in the reply (needs the setting above; local only never leaves).</source>
        <translation>Anfragen von Programmen, die den lokalen API-Server nutzen, gehen mit durch Platzhalter ersetzten persönlichen Angaben in die Cloud; in der Antwort werden die echten Werte wiederhergestellt (setzt die Einstellung oben voraus; „Nur lokal“ verlässt den Computer nie).</translation>
    </message>
    <message>
        <source>Look for sensitive data (cards, IDs, keys...) before routing; a hit keeps the message on this computer.</source>
        <translation>Vor dem Weiterleiten nach vertraulichen Daten suchen (Karten, Ausweisnummern, Schlüssel …); ein Fund hält die Nachricht auf diesem Computer.</translation>
    </message>
    <message>
        <source>Words and names that are always sensitive (a client&apos;s name, a project&apos;s code name): found whatever their case, as whole words, they keep a message on this computer. Never written to a log.</source>
        <translation>Wörter und Namen, die immer vertraulich sind (der Name eines Klienten, der Deckname eines Projekts): Sie werden unabhängig von Groß- und Kleinschreibung als ganze Wörter gefunden und halten eine Nachricht auf diesem Computer. Sie werden nie in ein Protokoll geschrieben.</translation>
    </message>
    <message>
        <source>Also look for people&apos;s names, addresses and organisations with the names model, when one is installed (Models); without it, rules find them.</source>
        <translation>Namen von Personen, Adressen und Organisationen zusätzlich mit dem Namensmodell suchen, wenn eines installiert ist (Modelle); ohne es finden Regeln sie.</translation>
    </message>
    <message>
        <source>Which names model: &apos;built-in&apos; (the small one that comes with the app) or the folder of a names model downloaded in Models (&apos;Use for names&apos;). One that cannot be used gives way to the built-in one, and the privacy explanation says why.</source>
        <translation>Welches Namensmodell: „built-in“ (das kleine, das mit der App kommt) oder der Ordner eines unter Modelle heruntergeladenen Namensmodells („Für Namen verwenden“). Eines, das nicht verwendet werden kann, weicht dem eingebauten, und die Datenschutzerklärung sagt, warum.</translation>
    </message>
    <message>
        <source>Privacy level of new conversations: low, normal, high or local_only (high and local_only never leave this computer).</source>
        <translation>Datenschutzstufe neuer Unterhaltungen: low, normal, high oder local_only (high und local_only verlassen diesen Computer nie).</translation>
    </message>
    <message>
        <source>Deleted conversations stay in the Trash (restorable) this many days, then are erased for good; 0: the Trash is emptied when the app closes.</source>
        <translation>Gelöschte Unterhaltungen bleiben so viele Tage im Papierkorb (wiederherstellbar) und werden dann endgültig gelöscht; 0: Der Papierkorb wird beim Schließen der App geleert.</translation>
    </message>
    <message>
        <source>Keep the conversation database encrypted on disk (SQLCipher), with its key in the OS keyring. Changed with `agentic-desk conversations encrypt on|off`, which converts the file.</source>
        <translation>Die Unterhaltungsdatenbank verschlüsselt auf dem Datenträger speichern (SQLCipher), mit ihrem Schlüssel im Schlüsselbund des Betriebssystems. Geändert mit `agentic-desk conversations encrypt on|off`, das die Datei umwandelt.</translation>
    </message>
    <message>
        <source>Keep the conversation database key in the OS keyring only encrypted with a passphrase, asked for at start (needs encrypt_conversations). Changed with `agentic-desk conversations lock on|off`.</source>
        <translation>Den Schlüssel der Unterhaltungsdatenbank im Schlüsselbund des Betriebssystems nur mit einer Passphrase verschlüsselt aufbewahren, nach der beim Start gefragt wird (braucht encrypt_conversations). Geändert mit `agentic-desk conversations lock on|off`.</translation>
    </message>
    <message>
        <source>With the app lock on, lock the window after this many minutes without input; 0: ask only at start.</source>
        <translation>Bei eingeschalteter App-Sperre das Fenster nach so vielen Minuten ohne Eingabe sperren; 0: nur beim Start fragen.</translation>
    </message>
    <message>
        <source>Run the local API server, so other programs on this computer can use the local model (they need the access token).</source>
        <translation>Den lokalen API-Server betreiben, damit andere Programme auf diesem Computer das lokale Modell nutzen können (sie brauchen das Zugriffstoken).</translation>
    </message>
    <message>
        <source>The port the API server uses.</source>
        <translation>Der Port, den der API-Server verwendet.</translation>
    </message>
    <message>
        <source>Also accept connections from other computers on your network. Warning: anyone on the network who has the token can then use your model; off: this computer only.</source>
        <translation>Auch Verbindungen von anderen Computern im Netzwerk annehmen. Achtung: Jeder im Netzwerk, der das Token hat, kann dann Ihr Modell nutzen; aus: nur dieser Computer.</translation>
    </message>
    <message>
        <source>Web pages allowed to call the API from a browser, as origins like http://localhost:3000 (no wildcards); empty: no web page may.</source>
        <translation>Webseiten, die die API aus einem Browser aufrufen dürfen, als Ursprünge wie http://localhost:3000 (keine Platzhalter); leer: keine Webseite.</translation>
    </message>
    <message>
        <source>Requests that may wait for the local model; more get &apos;busy, retry later&apos;.</source>
        <translation>Anfragen, die auf das lokale Modell warten dürfen; weitere erhalten &apos;busy, retry later&apos;.</translation>
    </message>
    <message>
        <source>Longest reply an API client may ask for, in tokens.</source>
        <translation>Längste Antwort, die ein API-Client verlangen darf, in Tokens.</translation>
    </message>
    <message>
        <source>Largest request an API client may send, in bytes.</source>
        <translation>Größte Anfrage, die ein API-Client senden darf, in Bytes.</translation>
    </message>
    <message>
        <source>Version of this file&apos;s layout; Agentic Desk upgrades older files.</source>
        <translation>Version des Aufbaus dieser Datei; Agentic Desk aktualisiert ältere Dateien.</translation>
    </message>
    <message>
        <source>The local inference engine.</source>
        <translation>Die lokale Inferenz-Engine.</translation>
    </message>
    <message>
        <source>Appearance.</source>
        <translation>Darstellung.</translation>
    </message>
    <message>
        <source>New conversations and templates.</source>
        <translation>Neue Unterhaltungen und Vorlagen.</translation>
    </message>
    <message>
        <source>Cloud providers (opt-in).</source>
        <translation>Cloud-Anbieter (nur nach Zustimmung).</translation>
    </message>
    <message>
        <source>Privacy protections.</source>
        <translation>Datenschutzfunktionen.</translation>
    </message>
    <message>
        <source>The local API server (off by default).</source>
        <translation>Der lokale API-Server (standardmäßig aus).</translation>
    </message>
    <message>
        <source>Folder where models are stored; empty: the models folder inside the app&apos;s data folder.</source>
        <translation>Ordner, in dem die Modelle gespeichert werden; leer: der Modellordner im Datenordner der App.</translation>
    </message>
    <message>
        <source>must name at least one of {providers}</source>
        <translation>muss mindestens eines von {providers} nennen</translation>
    </message>
    <message>
        <source>&quot;auto&quot; must be used on its own</source>
        <translation>&quot;auto&quot; darf nur allein verwendet werden</translation>
    </message>
    <message>
        <source>entries must not be empty</source>
        <translation>Einträge dürfen nicht leer sein</translation>
    </message>
    <message>
        <source>must be {current_schema_version}</source>
        <translation>muss {current_schema_version} sein</translation>
    </message>
    <message>
        <source>lists &quot;{name}&quot; more than once</source>
        <translation>nennt &quot;{name}&quot; mehr als einmal</translation>
    </message>
    <message>
        <source>&quot;{origin}&quot; is not an origin like http://localhost:3000 (scheme, host and port only; no wildcards or paths)</source>
        <translation>&quot;{origin}&quot; ist kein Ursprung wie http://localhost:3000 (nur Schema, Host und Port; keine Platzhalter oder Pfade)</translation>
    </message>
    <message>
        <source>The settings file {path} was written by a newer version of Agentic Desk (settings version {version}; this version understands up to {current_schema_version}). Agentic Desk is using default settings and left the file unchanged; update Agentic Desk to use your saved settings.</source>
        <translation>Die Einstellungsdatei {path} wurde von einer neueren Version von Agentic Desk geschrieben (Einstellungsversion {version}; diese Version versteht bis {current_schema_version}). Agentic Desk verwendet die Standardeinstellungen und hat die Datei nicht verändert; aktualisieren Sie Agentic Desk, um Ihre gespeicherten Einstellungen zu verwenden.</translation>
    </message>
    <message>
        <source>{text} A copy of the original file could not be kept ({copy_failure}), so it was left as it is.</source>
        <translation>{text} Eine Kopie der ursprünglichen Datei konnte nicht angelegt werden ({copy_failure}), daher blieb sie unverändert.</translation>
    </message>
    <message>
        <source>it holds {json_kind} instead of a JSON object</source>
        <translation>sie enthält {json_kind} statt eines JSON-Objekts</translation>
    </message>
    <message>
        <source>schema_version: must be a whole number (got {version})</source>
        <translation>schema_version: muss eine ganze Zahl sein (erhalten: {version})</translation>
    </message>
    <message>
        <source>Some settings in {path} were not valid and were reset to their defaults: {reasons}. Your other settings were kept.</source>
        <translation>Einige Einstellungen in {path} waren ungültig und wurden auf ihre Standardwerte zurückgesetzt: {reasons}. Ihre übrigen Einstellungen wurden beibehalten.</translation>
    </message>
    <message>
        <source>The settings file {path} could not be used: {reasons}. Agentic Desk is using default settings.</source>
        <translation>Die Einstellungsdatei {path} konnte nicht verwendet werden: {reasons}. Agentic Desk verwendet die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>{text} A copy of the original file was kept as {kept}.</source>
        <translation>{text} Eine Kopie der ursprünglichen Datei wurde als {kept} aufbewahrt.</translation>
    </message>
    <message>
        <source>no upgrade from settings version {version} is known</source>
        <translation>für Einstellungsversion {version} ist keine Aktualisierung bekannt</translation>
    </message>
    <message>
        <source>upgrading it from settings version {version} failed</source>
        <translation>die Aktualisierung von Einstellungsversion {version} ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Agentic Desk will not overwrite {path}: it holds settings version {version} from a newer version of Agentic Desk (this version understands up to {current_schema_version}).</source>
        <translation>Agentic Desk überschreibt {path} nicht: Die Datei enthält Einstellungsversion {version} aus einer neueren Version von Agentic Desk (diese Version versteht bis {current_schema_version}).</translation>
    </message>
    <message>
        <source>Update Agentic Desk, or move the file away to start again with new settings.</source>
        <translation>Aktualisieren Sie Agentic Desk oder verschieben Sie die Datei, um mit neuen Einstellungen neu zu beginnen.</translation>
    </message>
    <message>
        <source>it is not valid JSON ({detail})</source>
        <translation>sie ist kein gültiges JSON ({detail})</translation>
    </message>
    <message>
        <source>upgrading it from settings version {version} failed ({exc})</source>
        <translation>die Aktualisierung von Einstellungsversion {version} ist fehlgeschlagen ({exc})</translation>
    </message>
    <message>
        <source>The settings file {path} could not be read ({reason}). Agentic Desk is using default settings; check that you can open the file, then restart Agentic Desk.</source>
        <translation>Die Einstellungsdatei {path} konnte nicht gelesen werden ({reason}). Agentic Desk verwendet die Standardeinstellungen; prüfen Sie, ob Sie die Datei öffnen können, und starten Sie Agentic Desk dann neu.</translation>
    </message>
    <message>
        <source>Agentic Desk could not save your settings to {path} ({reason}). The previous settings file was not changed.</source>
        <translation>Agentic Desk konnte Ihre Einstellungen nicht in {path} speichern ({reason}). Die bisherige Einstellungsdatei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Check that you can write to that folder and that the disk is not full, then try again.</source>
        <translation>Prüfen Sie, ob Sie in diesen Ordner schreiben dürfen und der Datenträger nicht voll ist, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Agentic Desk will not replace the damaged settings file {path}: a copy of it could not be kept ({reason}).</source>
        <translation>Agentic Desk ersetzt die beschädigte Einstellungsdatei {path} nicht: Eine Kopie davon konnte nicht angelegt werden ({reason}).</translation>
    </message>
    <message>
        <source>Check that you can write to {parent}, or move the file away yourself.</source>
        <translation>Prüfen Sie, ob Sie in {parent} schreiben dürfen, oder verschieben Sie die Datei selbst.</translation>
    </message>
    <message>
        <source>between {lower} and {upper}</source>
        <translation>zwischen {lower} und {upper}</translation>
    </message>
    <message>
        <source>at most {upper}</source>
        <translation>höchstens {upper}</translation>
    </message>
    <message>
        <source>{kind} {allowed}</source>
        <translation>{kind} {allowed}</translation>
    </message>
    <message>
        <source>{text}, or null</source>
        <translation>{text} oder null</translation>
    </message>
    <message>
        <source>must be {range_text}</source>
        <translation>muss {range_text} sein</translation>
    </message>
    <message>
        <source>must be {kind_text}</source>
        <translation>muss {kind_text} sein</translation>
    </message>
    <message>
        <source>must have at most {max_length} entries</source>
        <translation>darf höchstens {max_length} Einträge haben</translation>
    </message>
    <message>
        <source>must have at least {min_length} entries</source>
        <translation>muss mindestens {min_length} Einträge haben</translation>
    </message>
    <message>
        <source>must be a group of settings (a JSON object)</source>
        <translation>muss eine Gruppe von Einstellungen sein (ein JSON-Objekt)</translation>
    </message>
    <message>
        <source>is not a known setting</source>
        <translation>ist keine bekannte Einstellung</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>ist erforderlich</translation>
    </message>
    <message>
        <source>entry {index} {text}</source>
        <translation>Eintrag {index} {text}</translation>
    </message>
    <message>
        <source>{text} (got {input})</source>
        <translation>{text} (erhalten: {input})</translation>
    </message>
    <message>
        <source>greater than {lower} and at most {upper}</source>
        <translation>größer als {lower} und höchstens {upper}</translation>
    </message>
    <message>
        <source>greater than {lower}</source>
        <translation>größer als {lower}</translation>
    </message>
    <message>
        <source>at least {lower}</source>
        <translation>mindestens {lower}</translation>
    </message>
    <message>
        <source>must not be empty; use null for the default</source>
        <translation>darf nicht leer sein; verwenden Sie null für den Standardwert</translation>
    </message>
    <message>
        <source>must be one of: {names}</source>
        <translation>muss eines davon sein: {names}</translation>
    </message>
    <message>
        <source>must be {expected}</source>
        <translation>muss {expected} sein</translation>
    </message>
    <message>
        <source>in range</source>
        <translation>im gültigen Bereich</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Your conversation history cannot be opened</source>
        <translation>Ihr Unterhaltungsverlauf kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Keep it aside and start a new history</source>
        <translation>Beiseitelegen und einen neuen Verlauf beginnen</translation>
    </message>
    <message>
        <source>Your routing settings cannot be read</source>
        <translation>Ihre Weiterleitungseinstellungen können nicht gelesen werden</translation>
    </message>
    <message>
        <source>Keep it aside and open Routing settings</source>
        <translation>Beiseitelegen und die Weiterleitungseinstellungen öffnen</translation>
    </message>
    <message>
        <source>{path} could not be moved aside ({reason}).</source>
        <translation>{path} konnte nicht beiseitegelegt werden ({reason}).</translation>
    </message>
    <message>
        <source>Check that the data folder can be written to, or move the file away yourself.</source>
        <translation>Prüfen Sie, ob in den Datenordner geschrieben werden kann, oder verschieben Sie die Datei selbst.</translation>
    </message>
    <message>
        <source>must be {describe} (got {value})</source>
        <translation>muss {describe} sein (erhalten: {value})</translation>
    </message>
    <message>
        <source>{kind} between {low} and {high}</source>
        <translation>{kind} zwischen {low} und {high}</translation>
    </message>
    <message>
        <source>{kind} greater than {low} and at most {high}</source>
        <translation>{kind} größer als {low} und höchstens {high}</translation>
    </message>
    <message>
        <source>{kind} greater than {low}</source>
        <translation>{kind} größer als {low}</translation>
    </message>
    <message>
        <source>{kind} of {low} or more</source>
        <translation>{kind} von {low} oder mehr</translation>
    </message>
</context>
<context>
    <name>downloads</name>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird heruntergeladen</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Verbindet neu</translation>
    </message>
    <message>
        <source>Checking files</source>
        <translation>Dateien werden geprüft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>The download stopped.</source>
        <translation>Der Download wurde beendet.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Heruntergeladen</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} von {total}</translation>
    </message>
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
        <source>The download of {name} stopped. {message}</source>
        <translation>Der Download von {name} wurde beendet. {message}</translation>
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
        <source>The connection dropped ({message}); reconnecting and continuing where it stopped.</source>
        <translation>Die Verbindung ist abgebrochen ({message}); es wird neu verbunden und dort weitergemacht, wo es aufgehört hat.</translation>
    </message>
    <message>
        <source>Downloaded and checked. It is in the Installed tab.</source>
        <translation>Heruntergeladen und geprüft. Es steht im Reiter „Installiert“.</translation>
    </message>
    <message>
        <source>{done} of {total} files</source>
        <translation>{done} von {total} Dateien</translation>
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
        <source>Turn on cloud providers?</source>
        <translation>Cloud-Anbieter einschalten?</translation>
    </message>
    <message>
        <source>The sensitive-data detector is on: a message with card or ID numbers, keys, health or contact details is kept here.</source>
        <translation>Die Erkennung vertraulicher Daten ist eingeschaltet: Eine Nachricht mit Karten- oder Ausweisnummern, Schlüsseln, Gesundheits- oder Kontaktdaten bleibt hier.</translation>
    </message>
    <message>
        <source>The sensitive-data detector is OFF: turn it on below so that messages with card or ID numbers, keys, health or contact details are kept here.</source>
        <translation>Die Erkennung vertraulicher Daten ist AUS: Schalten Sie sie unten ein, damit Nachrichten mit Karten- oder Ausweisnummern, Schlüsseln, Gesundheits- oder Kontaktdaten hier bleiben.</translation>
    </message>
    <message>
        <source>&lt;p&gt;With cloud on, a message may leave this computer &lt;b&gt;only when all of these hold&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;it goes to a provider &lt;b&gt;you configured&lt;/b&gt; under Providers (nowhere else);&lt;/li&gt;&lt;li&gt;your &lt;b&gt;routing rules&lt;/b&gt;, default provider or fallback chain send it there (otherwise it runs on the local model);&lt;/li&gt;&lt;li&gt;it is within your &lt;b&gt;budgets&lt;/b&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;What is sent&lt;/b&gt;, and only then: that message with the conversation&apos;s earlier messages and system prompt, to that one provider. Keys stay in the system keyring and are sent only to their own provider.&lt;/p&gt;&lt;p&gt;&lt;b&gt;What never leaves&lt;/b&gt;, whatever the rules say: conversations or messages marked &lt;b&gt;High&lt;/b&gt; privacy or &lt;b&gt;Local only&lt;/b&gt;, and messages in which sensitive data is found. {detector}&lt;/p&gt;&lt;p&gt;You can turn cloud off here at any time; while it is off nothing is sent.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mit eingeschalteter Cloud darf eine Nachricht diesen Computer &lt;b&gt;nur verlassen, wenn all dies zutrifft&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Sie geht an einen Anbieter, &lt;b&gt;den Sie&lt;/b&gt; unter Anbieter &lt;b&gt;eingerichtet haben&lt;/b&gt; (nirgendwo sonst hin);&lt;/li&gt;&lt;li&gt;Ihre &lt;b&gt;Weiterleitungsregeln&lt;/b&gt;, Ihr Standardanbieter oder Ihre Ersatzkette schicken sie dorthin (sonst läuft sie auf dem lokalen Modell);&lt;/li&gt;&lt;li&gt;sie liegt innerhalb Ihrer &lt;b&gt;Budgets&lt;/b&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Was gesendet wird&lt;/b&gt;, und nur dann: diese Nachricht mit den früheren Nachrichten der Unterhaltung und der Systemanweisung, an genau diesen einen Anbieter. Schlüssel bleiben im Schlüsselbund des Systems und werden nur an ihren eigenen Anbieter gesendet.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Was nie hinausgeht&lt;/b&gt;, ganz gleich, was die Regeln sagen: Unterhaltungen oder Nachrichten mit dem Datenschutz &lt;b&gt;Hoch&lt;/b&gt; oder &lt;b&gt;Nur lokal&lt;/b&gt; und Nachrichten, in denen vertrauliche Daten gefunden werden. {detector}&lt;/p&gt;&lt;p&gt;Sie können die Cloud hier jederzeit ausschalten; solange sie aus ist, wird nichts gesendet.&lt;/p&gt;</translation>
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
        <source>The folder could not be read: verify the model.</source>
        <translation>Der Ordner konnte nicht gelesen werden: Prüfen Sie das Modell.</translation>
    </message>
    <message>
        <source>won&apos;t fit here</source>
        <translation>passt hier nicht</translation>
    </message>
    <message>
        <source>{tokens} tokens · {size}</source>
        <translation>{tokens} Tokens · {size}</translation>
    </message>
    <message>
        <source>About {need} of memory in all: {weights} of weights, {cache} of cache, {runtime} for the runtime.</source>
        <translation>Insgesamt etwa {need} Arbeitsspeicher: {weights} für die Gewichte, {cache} Zwischenspeicher, {runtime} für die Laufzeitumgebung.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Built for</source>
        <translation>Gebaut für</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Context here</source>
        <translation>Kontext hier</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>Installierte Modelle</translation>
    </message>
    <message>
        <source>Use for names</source>
        <translation>Für Namen verwenden</translation>
    </message>
    <message>
        <source>The privacy detector finds people&apos;s names, organisations and addresses with this names model instead of the built-in one.</source>
        <translation>Die Datenschutzprüfung findet Personennamen, Organisationen und Adressen mit diesem Namensmodell statt mit dem eingebauten.</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source> (files last checked on {date})</source>
        <translation> (Dateien zuletzt geprüft am {date})</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>geladen</translation>
    </message>
    <message>
        <source>new chats</source>
        <translation>neue Chats</translation>
    </message>
    <message>
        <source>names</source>
        <translation>Namen</translation>
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
    <message>
        <source> (estimated {need} for a {tokens}-token context)</source>
        <translation> (geschätzt {need} für einen Kontext von {tokens} Tokens)</translation>
    </message>
    <message>
        <source>Loaded: {name} · the inference worker (process {pid}) uses {size} of memory{estimate}.</source>
        <translation>Geladen: {name} · der Inferenzprozess (Prozess {pid}) belegt {size} Arbeitsspeicher{estimate}.</translation>
    </message>
    <message>
        <source>Loading {model_id}…</source>
        <translation>{model_id} wird geladen …</translation>
    </message>
    <message>
        <source>{model_id} is loaded.</source>
        <translation>{model_id} ist geladen.</translation>
    </message>
    <message>
        <source>Model unloaded; its memory is back with the system.</source>
        <translation>Modell entladen; sein Arbeitsspeicher steht wieder dem System zur Verfügung.</translation>
    </message>
    <message>
        <source>Checking the files of {model_id}…</source>
        <translation>Die Dateien von {model_id} werden geprüft …</translation>
    </message>
    <message>
        <source>{model_id}: verified: every file matches the checksums its source published.</source>
        <translation>{model_id}: geprüft: Jede Datei stimmt mit den Prüfsummen überein, die ihre Quelle veröffentlicht hat.</translation>
    </message>
    <message>
        <source>{model_id}: every file is unchanged since it was added. It stays unverified: its source published no checksums to check it against.</source>
        <translation>{model_id}: Jede Datei ist seit dem Hinzufügen unverändert. Es bleibt ungeprüft: Seine Quelle hat keine Prüfsummen zum Vergleich veröffentlicht.</translation>
    </message>
    <message>
        <source>{model_id} is damaged: {problems}.</source>
        <translation>{model_id} ist beschädigt: {problems}.</translation>
    </message>
    <message>
        <source>Remove it and download it again.</source>
        <translation>Entfernen Sie es und laden Sie es erneut herunter.</translation>
    </message>
    <message>
        <source>Remove it and import or convert it again.</source>
        <translation>Entfernen Sie es und importieren oder wandeln Sie es erneut um.</translation>
    </message>
    <message>
        <source>Its folder stays where it is (it was imported in place).</source>
        <translation>Sein Ordner bleibt, wo er ist (es wurde an Ort und Stelle importiert).</translation>
    </message>
    <message>
        <source>This deletes {size_bytes} from the disk.</source>
        <translation>Dadurch werden {size_bytes} vom Datenträger gelöscht.</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Modell entfernen</translation>
    </message>
    <message>
        <source>Remove {model_id}? {where}</source>
        <translation>{model_id} entfernen? {where}</translation>
    </message>
    <message>
        <source>Removed {model_id}.</source>
        <translation>{model_id} wurde entfernt.</translation>
    </message>
    <message>
        <source>Import a model folder</source>
        <translation>Modellordner importieren</translation>
    </message>
    <message>
        <source>Importing {folder}… (the files are checked and copied)</source>
        <translation>{folder} wird importiert … (die Dateien werden geprüft und kopiert)</translation>
    </message>
    <message>
        <source>Imported {name}. It is unverified: a folder comes with no checksums to check it against (its configuration, tokenizer, graph and float weights were checked).</source>
        <translation>{name} wurde importiert. Es ist ungeprüft: Ein Ordner bringt keine Prüfsummen zum Vergleich mit (seine Konfiguration, sein Tokenizer, sein Graph und seine Gleitkomma-Gewichte wurden geprüft).</translation>
    </message>
</context>
<context>
    <name>library</name>
    <message>
        <source>Documents: none</source>
        <translation>Dokumente: keine</translation>
    </message>
    <message>
        <source>Documents: {name}</source>
        <translation>Dokumente: {name}</translation>
    </message>
    <message>
        <source>Documents: {n} libraries</source>
        <translation>Dokumente: {n} Bibliotheken</translation>
    </message>
    <message>
        <source>Documents this conversation uses: {names}</source>
        <translation>Dokumente, die diese Unterhaltung nutzt: {names}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Choose the libraries this conversation answers from, or attach a file.</source>
        <translation>Wählen Sie die Bibliotheken, aus denen diese Unterhaltung antwortet, oder hängen Sie eine Datei an.</translation>
    </message>
    <message>
        <source>Sensitive data in {files}: this conversation stays on this computer (private, high).</source>
        <translation>Vertrauliche Daten in {files}: Diese Unterhaltung bleibt auf diesem Computer (Datenschutzstufe Hoch).</translation>
    </message>
    <message>
        <source>No libraries yet</source>
        <translation>Noch keine Bibliotheken</translation>
    </message>
    <message>
        <source>{name} (sensitive data: stays local)</source>
        <translation>{name} (vertrauliche Daten: bleibt lokal)</translation>
    </message>
    <message>
        <source>Attach a file…</source>
        <translation>Datei anhängen…</translation>
    </message>
    <message>
        <source>Manage documents…</source>
        <translation>Dokumente verwalten…</translation>
    </message>
    <message>
        <source>{file} (attached)</source>
        <translation>{file} (angehängt)</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>Seite {page}</translation>
    </message>
    <message>
        <source>{n} passages from your documents were put into the prompt</source>
        <translation>{n} Abschnitte aus Ihren Dokumenten wurden in die Eingabe übernommen</translation>
    </message>
    <message>
        <source>: {tokens} tokens</source>
        <translation>: {tokens} Tokens</translation>
    </message>
    <message>
        <source> ({share}% of the {budget} the model&apos;s context had room for)</source>
        <translation> ({share} % der {budget}, für die im Kontext des Modells Platz war)</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Show the passage</source>
        <translation>Abschnitt anzeigen</translation>
    </message>
    <message>
        <source>Source {n}: {where}</source>
        <translation>Quelle {n}: {where}</translation>
    </message>
    <message>
        <source>Source: {file}</source>
        <translation>Quelle: {file}</translation>
    </message>
    <message>
        <source>From the library “{name}”</source>
        <translation>Aus der Bibliothek „{name}“</translation>
    </message>
    <message>
        <source>The passage</source>
        <translation>Der Abschnitt</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>{file} is no longer there. It may have been moved or deleted.</source>
        <translation>{file} ist nicht mehr vorhanden. Die Datei wurde vielleicht verschoben oder gelöscht.</translation>
    </message>
    <message>
        <source>Documents ({patterns})</source>
        <translation>Dokumente ({patterns})</translation>
    </message>
    <message>
        <source>Add a folder of documents</source>
        <translation>Ordner mit Dokumenten hinzufügen</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>Dokumente hinzufügen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Sensitive data</source>
        <translation>Vertrauliche Daten</translation>
    </message>
    <message>
        <source>{n} files</source>
        <translation>{n} Dateien</translation>
    </message>
    <message>
        <source>1 file</source>
        <translation>1 Datei</translation>
    </message>
    <message>
        <source>{n} passages</source>
        <translation>{n} Abschnitte</translation>
    </message>
    <message>
        <source>{n} with sensitive data</source>
        <translation>{n} mit vertraulichen Daten</translation>
    </message>
    <message>
        <source>{n} could not be read</source>
        <translation>{n} nicht lesbar</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} wartend</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} Bytes</translation>
    </message>
    <message>
        <source>Indexed ({pages} pages)</source>
        <translation>Indiziert ({pages} Seiten)</translation>
    </message>
    <message>
        <source>Indexed</source>
        <translation>Indiziert</translation>
    </message>
    <message>
        <source>Could not be read</source>
        <translation>Nicht lesbar</translation>
    </message>
    <message>
        <source>Indexing…</source>
        <translation>Wird indiziert…</translation>
    </message>
    <message>
        <source>Waiting to be indexed</source>
        <translation>Wartet auf Indizierung</translation>
    </message>
    <message>
        <source>None found</source>
        <translation>Keine gefunden</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Ask questions about your own files. Put them in a library, then choose the library in a conversation (Documents, above the chat). Files are read and indexed on this computer; nothing about them leaves it.</source>
        <translation>Stellen Sie Fragen zu Ihren eigenen Dateien. Legen Sie sie in eine Bibliothek und wählen Sie die Bibliothek dann in einer Unterhaltung aus (Dokumente, über dem Chat). Die Dateien werden auf diesem Computer gelesen und indiziert; nichts davon verlässt ihn.</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>Bibliotheken</translation>
    </message>
    <message>
        <source>No libraries yet. Make one with New library…, then add files to it.</source>
        <translation>Noch keine Bibliotheken. Legen Sie mit „Neue Bibliothek…“ eine an und fügen Sie dann Dateien hinzu.</translation>
    </message>
    <message>
        <source>New library…</source>
        <translation>Neue Bibliothek…</translation>
    </message>
    <message>
        <source>Remove library…</source>
        <translation>Bibliothek entfernen…</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Files in the library</source>
        <translation>Dateien in der Bibliothek</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add a folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove file…</source>
        <translation>Datei entfernen…</translation>
    </message>
    <message>
        <source>Resume indexing</source>
        <translation>Indizierung fortsetzen</translation>
    </message>
    <message>
        <source>This file</source>
        <translation>Diese Datei</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Alle Dateien</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>Indizierung abbrechen</translation>
    </message>
    <message>
        <source>Files in “{name}”</source>
        <translation>Dateien in „{name}“</translation>
    </message>
    <message>
        <source>{name} holds {what}. A conversation that uses this library stays on this computer (private, high).</source>
        <translation>{name} enthält {what}. Eine Unterhaltung, die diese Bibliothek nutzt, bleibt auf diesem Computer (Datenschutzstufe Hoch).</translation>
    </message>
    <message>
        <source>New library</source>
        <translation>Neue Bibliothek</translation>
    </message>
    <message>
        <source>A name for the library (e.g. “Case notes”):</source>
        <translation>Ein Name für die Bibliothek (z. B. „Fallnotizen“):</translation>
    </message>
    <message>
        <source>Remove the library “{name}”? Its {n} files stay where they are on your disk; what was read from them (passages and search index) is erased for good, and conversations that use it no longer do.</source>
        <translation>Die Bibliothek „{name}“ entfernen? Ihre {n} Dateien bleiben, wo sie auf Ihrem Datenträger sind; was aus ihnen gelesen wurde (Abschnitte und Suchindex), wird endgültig gelöscht, und Unterhaltungen, die sie genutzt haben, greifen nicht mehr darauf zu.</translation>
    </message>
    <message>
        <source>Remove library</source>
        <translation>Bibliothek entfernen</translation>
    </message>
    <message>
        <source>Remove {file} from “{name}”? The file stays on your disk; what was read from it is erased from the library for good.</source>
        <translation>{file} aus „{name}“ entfernen? Die Datei bleibt auf Ihrem Datenträger; was aus ihr gelesen wurde, wird endgültig aus der Bibliothek gelöscht.</translation>
    </message>
    <message>
        <source>Remove file</source>
        <translation>Datei entfernen</translation>
    </message>
    <message>
        <source>Getting ready to index “{name}”…</source>
        <translation>Indizierung von „{name}“ wird vorbereitet…</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>Indizieren</translation>
    </message>
    <message>
        <source>Unchanged, skipped</source>
        <translation>Unverändert, übersprungen</translation>
    </message>
    <message>
        <source>Could not read</source>
        <translation>Nicht lesbar</translation>
    </message>
    <message>
        <source>{stage} {file} ({n} of {total}) in “{name}”</source>
        <translation>{stage}: {file} ({n} von {total}) in „{name}“</translation>
    </message>
    <message>
        <source>“{name}”: {indexed} indexed, {skipped} unchanged, {failed} not read.</source>
        <translation>„{name}“: {indexed} indiziert, {skipped} unverändert, {failed} nicht gelesen.</translation>
    </message>
    <message>
        <source>Indexing “{name}” was cancelled. The files not yet indexed wait; Resume indexing goes on with them.</source>
        <translation>Die Indizierung von „{name}“ wurde abgebrochen. Die noch nicht indizierten Dateien warten; „Indizierung fortsetzen“ macht mit ihnen weiter.</translation>
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
    <message>
        <source>Checking the destination…</source>
        <translation>Das Ziel wird geprüft …</translation>
    </message>
    <message>
        <source>Copying {total_bytes} to {destination}…</source>
        <translation>{total_bytes} werden nach {destination} kopiert …</translation>
    </message>
    <message>
        <source>They are in use from there now.</source>
        <translation>Sie werden jetzt von dort verwendet.</translation>
    </message>
    <message>
        <source>Restart Agentic Desk to use the new folder.</source>
        <translation>Starten Sie Agentic Desk neu, um den neuen Ordner zu verwenden.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Copying {current} ({percent}%)</source>
        <translation>{current} wird kopiert ({percent} %)</translation>
    </message>
    <message>
        <source>Checking the copy of {current} ({percent}%)</source>
        <translation>Die Kopie von {current} wird geprüft ({percent} %)</translation>
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
    <message>
        <source>Welcome! No model is installed yet. Get the recommended model below (one download, then you can chat offline), or import a model folder you already have.</source>
        <translation>Willkommen! Es ist noch kein Modell installiert. Holen Sie sich unten das empfohlene Modell (ein Download, danach können Sie offline chatten) oder importieren Sie einen Modellordner, den Sie schon haben.</translation>
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
        <source>Header</source>
        <translation>HTTP-Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
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
        <source>Header row {row} has a value but no name.</source>
        <translation>Die Kopfzeile {row} hat einen Wert, aber keinen Namen.</translation>
    </message>
    <message>
        <source>The header name &apos;{key}&apos; must not contain spaces or &apos;:&apos;.</source>
        <translation>Der Name der Kopfzeile „{key}“ darf keine Leerzeichen und keinen Doppelpunkt enthalten.</translation>
    </message>
    <message>
        <source>Do not put the key in the &apos;{key}&apos; header: store it in the API key field, which keeps it in the system keyring.</source>
        <translation>Tragen Sie den Schlüssel nicht in die Kopfzeile „{key}“ ein: Speichern Sie ihn im Feld für den API-Schlüssel, das ihn im Schlüsselbund des Systems aufbewahrt.</translation>
    </message>
    <message>
        <source>Select a provider to remove.</source>
        <translation>Wählen Sie den Anbieter aus, der entfernt werden soll.</translation>
    </message>
    <message>
        <source>rule {number}</source>
        <translation>Regel {number}</translation>
    </message>
    <message>
        <source>the default provider</source>
        <translation>dem Standardanbieter</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is used by {users} (Routing). Change or delete that first.</source>
        <translation>&apos;{name}&apos; wird verwendet von {users} (Weiterleitung). Ändern oder löschen Sie das zuerst.</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is used by {users} (Routing). Change or delete those first.</source>
        <translation>&apos;{name}&apos; wird verwendet von {users} (Weiterleitung). Ändern oder löschen Sie diese zuerst.</translation>
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
        <source>Using the key in {variable} for this run (it is not stored).</source>
        <translation>Für diesen Lauf wird der Schlüssel aus {variable} verwendet (er wird nicht gespeichert).</translation>
    </message>
    <message>
        <source>No key needed: this server runs on this computer (you can still store one).</source>
        <translation>Kein Schlüssel nötig: Dieser Server läuft auf diesem Computer (Sie können trotzdem einen speichern).</translation>
    </message>
    <message>
        <source>No key stored.</source>
        <translation>Kein Schlüssel gespeichert.</translation>
    </message>
    <message>
        <source>Save the provider first.</source>
        <translation>Speichern Sie zuerst den Anbieter.</translation>
    </message>
    <message>
        <source>Paste the key first.</source>
        <translation>Fügen Sie zuerst den Schlüssel ein.</translation>
    </message>
    <message>
        <source>Cloud is off, so nothing is sent to {hostname}.</source>
        <translation>Die Cloud ist aus, daher wird nichts an {hostname} gesendet.</translation>
    </message>
    <message>
        <source>Turn cloud on under Privacy &amp; cloud to test this provider.</source>
        <translation>Schalten Sie die Cloud unter Datenschutz &amp; Cloud ein, um diesen Anbieter zu testen.</translation>
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
        <source>&lt;b&gt;{name}&lt;/b&gt; · {device} · {size} download&lt;br&gt;{description}&lt;br&gt;&lt;span style=&apos;color:#6b7280&apos;&gt;{reason} Chosen as {why}.&lt;/span&gt;</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; · {device} · {size} Download&lt;br&gt;{description}&lt;br&gt;&lt;span style=&apos;color:#6b7280&apos;&gt;{reason} Gewählt als {why}.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>{name} is installed</source>
        <translation>{name} ist installiert</translation>
    </message>
    <message>
        <source>Get {name} ({size})</source>
        <translation>{name} holen ({size})</translation>
    </message>
    <message>
        <source>&lt;b&gt;You appear to be offline.&lt;/b&gt; Agentic Desk could not reach Hugging Face ({problem}), so it cannot show sizes or download models now. Connect and press &lt;i&gt;Check Hugging Face again&lt;/i&gt;, or import a model folder you already have.</source>
        <translation>&lt;b&gt;Sie scheinen offline zu sein.&lt;/b&gt; Agentic Desk konnte Hugging Face nicht erreichen ({problem}) und kann daher jetzt keine Größen zeigen und keine Modelle herunterladen. Stellen Sie eine Verbindung her und klicken Sie auf &lt;i&gt;Erneut bei Hugging Face nachsehen&lt;/i&gt;, oder importieren Sie einen Modellordner, den Sie schon haben.</translation>
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
        <source>The smallest prompt</source>
        <translation>Die kleinste Eingabe</translation>
    </message>
    <message>
        <source>The largest prompt</source>
        <translation>Die größte Eingabe</translation>
    </message>
    <message>
        <source>The task tags</source>
        <translation>Die Aufgaben-Tags</translation>
    </message>
    <message>
        <source>The provider</source>
        <translation>Der Anbieter</translation>
    </message>
    <message>
        <source>The model</source>
        <translation>Das Modell</translation>
    </message>
    <message>
        <source>The longest reply</source>
        <translation>Die längste Antwort</translation>
    </message>
    <message>
        <source>The reason</source>
        <translation>Der Grund</translation>
    </message>
    <message>
        <source>{field} {problem}.</source>
        <translation>{field} {problem}.</translation>
    </message>
    <message>
        <source>Routing rules</source>
        <translation>Weiterleitungsregeln</translation>
    </message>
    <message>
        <source>{what} must be a number of 0 or more, or empty (got &apos;{text}&apos;).</source>
        <translation>{what} muss eine Zahl ab 0 sein oder leer bleiben (eingegeben: &apos;{text}&apos;).</translation>
    </message>
    <message>
        <source>{index}. If {condition} → {target}</source>
        <translation>{index}. Wenn {condition} → {target}</translation>
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
        <source>Privacy {level}</source>
        <translation>Datenschutz {level}</translation>
    </message>
    <message>
        <source>and complexity is</source>
        <translation>und die Komplexität</translation>
    </message>
    <message>
        <source>Complexity {level}</source>
        <translation>Komplexität {level}</translation>
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
        <source>{name} is already in the chain.</source>
        <translation>{name} ist schon in der Kette.</translation>
    </message>
    <message>
        <source>Select a provider in the chain first.</source>
        <translation>Wählen Sie zuerst einen Anbieter in der Kette aus.</translation>
    </message>
    <message>
        <source>Rule {number}</source>
        <translation>Regel {number}</translation>
    </message>
    <message>
        <source>Select a rule to delete.</source>
        <translation>Wählen Sie die Regel aus, die gelöscht werden soll.</translation>
    </message>
    <message>
        <source>Import router.config.json</source>
        <translation>router.config.json importieren</translation>
    </message>
    <message>
        <source>Routing configuration (*.json)</source>
        <translation>Weiterleitungskonfiguration (*.json)</translation>
    </message>
    <message>
        <source>The file</source>
        <translation>Die Datei</translation>
    </message>
    <message>
        <source>Fix the file and import it again, or choose another. Nothing was changed.</source>
        <translation>Korrigieren Sie die Datei und importieren Sie sie erneut, oder wählen Sie eine andere. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Imported {rules} rules and {providers} providers from {file}.</source>
        <translation>{rules} Regeln und {providers} Anbieter aus {file} importiert.</translation>
    </message>
    <message>
        <source>Export router.config.json</source>
        <translation>router.config.json exportieren</translation>
    </message>
    <message>
        <source>{path} could not be written ({reason}).</source>
        <translation>{path} konnte nicht geschrieben werden ({reason}).</translation>
    </message>
    <message>
        <source>Choose another folder.</source>
        <translation>Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Exported to {path}. Keys are written as references, never themselves.</source>
        <translation>Nach {path} exportiert. Schlüssel werden nur als Verweise geschrieben, nie selbst.</translation>
    </message>
    <message>
        <source>Type a message first.</source>
        <translation>Geben Sie zuerst eine Nachricht ein.</translation>
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
        <source>Complexity: {level}</source>
        <translation>Komplexität: {level}</translation>
    </message>
    <message>
        <source>Where would it run?</source>
        <translation>Wo würde sie laufen?</translation>
    </message>
    <message>
        <source>Until it is fixed, the routing shown here is the default (everything local).</source>
        <translation>Bis das behoben ist, gilt die hier gezeigte Standard-Weiterleitung (alles lokal).</translation>
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
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
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
    <message>
        <source>entry hash {hash}
body sha256 {body}</source>
        <translation>Hash des Eintrags {hash}
sha256 des Inhalts {body}</translation>
    </message>
    <message>
        <source>conversation {id}</source>
        <translation>Unterhaltung {id}</translation>
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
        <source>Open Documents (libraries of your files to chat with)</source>
        <translation>Dokumente öffnen (Bibliotheken Ihrer Dateien für den Chat)</translation>
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
        <source>Documents</source>
        <translation>Dokumente</translation>
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
        <source>Show documents (Ctrl+Shift+D)</source>
        <translation>Dokumente anzeigen (Strg+Umschalt+D)</translation>
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
    <name>startup</name>
    <message>
        <source>Agentic Desk cannot start as it is</source>
        <translation>Agentic Desk kann so nicht starten</translation>
    </message>
    <message>
        <source>Agentic Desk cannot start</source>
        <translation>Agentic Desk kann nicht starten</translation>
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
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Saved: new conversations get none.</source>
        <translation>Gespeichert: Neue Unterhaltungen bekommen keine.</translation>
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
