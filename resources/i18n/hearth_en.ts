<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChatImages</name>
    <message numerus="yes">
        <source>…and %n more (point here to see them all)</source>
        <translation>
            <numerusform>…and %n more (point here to see it)</numerusform>
            <numerusform>…and %n more (point here to see them all)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message numerus="yes">
        <source>%Ln tokens</source>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %Ln tokens (estimated: the server cannot count)</source>
        <translation>
            <numerusform>about %Ln token (estimated: the server cannot count)</numerusform>
            <numerusform>about %Ln tokens (estimated: the server cannot count)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatSearchDialog</name>
    <message numerus="yes">
        <source>%n message(s) found</source>
        <translation>
            <numerusform>%n message found</numerusform>
            <numerusform>%n messages found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatTransfer</name>
    <message numerus="yes">
        <source>Exported %n conversation(s) to {file}.</source>
        <translation>
            <numerusform>Exported %n conversation to {file}.</numerusform>
            <numerusform>Exported %n conversations to {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s). Messages: {messages}.</source>
        <translation>
            <numerusform>Imported %n conversation. Messages: {messages}.</numerusform>
            <numerusform>Imported %n conversations. Messages: {messages}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DiscoverView</name>
    <message numerus="yes">
        <source>%Ln downloads</source>
        <translation>
            <numerusform>%Ln download</numerusform>
            <numerusform>%Ln downloads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln likes</source>
        <translation>
            <numerusform>%Ln like</numerusform>
            <numerusform>%Ln likes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n GGUF models</source>
        <translation>
            <numerusform>%n GGUF model</numerusform>
            <numerusform>%n GGUF models</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n file skipped</numerusform>
            <numerusform>%n files skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) without readable text</source>
        <translation>
            <numerusform>%n page without readable text</numerusform>
            <numerusform>%n pages without readable text</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{file}: %n page(s) without readable text</source>
        <translation>
            <numerusform>{file}: %n page without readable text</numerusform>
            <numerusform>{file}: %n pages without readable text</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Up to date; %n file(s) could not be read (see the list).</source>
        <translation>
            <numerusform>Up to date; %n file could not be read (see the list).</numerusform>
            <numerusform>Up to date; %n files could not be read (see the list).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DraftingPane</name>
    <message numerus="yes">
        <source>%Ln tokens</source>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileMode</name>
    <message numerus="yes">
        <source>{name}: %n of {total} segments were translated before; Resume goes on from there.</source>
        <translation type="unfinished">
            <numerusform>{name}: %n of {total} segments was translated before; Resume goes on from there.</numerusform>
            <numerusform>{name}: %n of {total} segments were translated before; Resume goes on from there.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n segments to translate into {language}.</source>
        <translation type="unfinished">
            <numerusform>{name}: %n segment to translate into {language}.</numerusform>
            <numerusform>{name}: %n segments to translate into {language}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checks to look at below.</source>
        <translation type="unfinished">
            <numerusform>%n check to look at below.</numerusform>
            <numerusform>%n checks to look at below.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segments are not translated yet; they are in the file as they were.</source>
        <translation type="unfinished">
            <numerusform>%n segment is not translated yet; it is in the file as it was.</numerusform>
            <numerusform>%n segments are not translated yet; they are in the file as they were.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileTranslationView</name>
    <message numerus="yes">
        <source>{name}: %n segments</source>
        <translation type="unfinished">
            <numerusform>{name}: %n segment</numerusform>
            <numerusform>{name}: %n segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message numerus="yes">
        <source>Imported %n terms from {name}.</source>
        <translation type="unfinished">
            <numerusform>Imported %n term from {name}.</numerusform>
            <numerusform>Imported %n terms from {name}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n terms to {name}.</source>
        <translation type="unfinished">
            <numerusform>Exported %n term to {name}.</numerusform>
            <numerusform>Exported %n terms to {name}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InstalledView</name>
    <message numerus="yes">
        <source>%n parts</source>
        <translation>
            <numerusform>%n part</numerusform>
            <numerusform>%n parts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>McpServersDialog</name>
    <message numerus="yes">
        <source>%n tool(s)</source>
        <translation type="unfinished">
            <numerusform>%n tool</numerusform>
            <numerusform>%n tools</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message numerus="yes">
        <source>The reply cites {numbers}, not among its %n source(s): the model made that up.</source>
        <translation>
            <numerusform>The reply cites {numbers}, not among its %n source: the model made that up.</numerusform>
            <numerusform>The reply cites {numbers}, not among its %n sources: the model made that up.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MistakesDialog</name>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>%n time</numerusform>
            <numerusform>%n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, in %n draft(s)</source>
        <translation>
            <numerusform>, in %n draft</numerusform>
            <numerusform>, in %n drafts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“{original}” → “{corrected}”, %n time(s)</source>
        <translation>
            <numerusform>“{original}” → “{corrected}”, %n time</numerusform>
            <numerusform>“{original}” → “{corrected}”, %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message numerus="yes">
        <source>Exported %n profile(s) to {path}.</source>
        <translation>
            <numerusform>Exported %n profile to {path}.</numerusform>
            <numerusform>Exported %n profiles to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileSuggester</name>
    <message numerus="yes">
        <source>Added %n entry(s) to your profile “{name}”.</source>
        <translation>
            <numerusform>Added %n entry to your profile “{name}”.</numerusform>
            <numerusform>Added %n entries to your profile “{name}”.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyFigures</name>
    <message numerus="yes">
        <source>%n tokens of thinking</source>
        <translation type="unfinished">
            <numerusform>%n token of thinking</numerusform>
            <numerusform>%n tokens of thinking</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier messages left out</source>
        <translation type="unfinished">
            <numerusform>%n earlier message left out</numerusform>
            <numerusform>%n earlier messages left out</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message numerus="yes">
        <source>{title}: %n changes. Nothing in the document changes until you apply.</source>
        <translation>
            <numerusform>{title}: %n change. Nothing in the document changes until you apply.</numerusform>
            <numerusform>{title}: %n changes. Nothing in the document changes until you apply.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServersDialog</name>
    <message numerus="yes">
        <source>%n models on this server.</source>
        <translation>
            <numerusform>%n model on this server.</numerusform>
            <numerusform>%n models on this server.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>{backend}: %n layers on GPU</source>
        <translation type="unfinished">
            <numerusform>{backend}: %n layer on GPU</numerusform>
            <numerusform>{backend}: %n layers on GPU</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>API: answering %n request(s)</source>
        <translation type="unfinished">
            <numerusform>API: answering %n request</numerusform>
            <numerusform>API: answering %n requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SuggestionsDialog</name>
    <message numerus="yes">
        <source>%n suggestion(s) left out: not in your text, or in your profile already.</source>
        <translation>
            <numerusform>%n suggestion left out: it is not in your text, or in your profile already.</numerusform>
            <numerusform>%n suggestions left out: not in your text, or in your profile already.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThreadView</name>
    <message numerus="yes">
        <source>%n earlier messages are outside the model&apos;s memory</source>
        <translation>
            <numerusform>%n earlier message is outside the model&apos;s memory</numerusform>
            <numerusform>%n earlier messages are outside the model&apos;s memory</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolsButton</name>
    <message numerus="yes">
        <source>{server}: %n tool(s)</source>
        <translation type="unfinished">
            <numerusform>{server}: %n tool</numerusform>
            <numerusform>{server}: %n tools</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranslationPane</name>
    <message numerus="yes">
        <source>Translating… %Ln tokens</source>
        <translation>
            <numerusform>Translating… %Ln token</numerusform>
            <numerusform>Translating… %Ln tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checks to look at below.</source>
        <translation>
            <numerusform>%n check to look at below.</numerusform>
            <numerusform>%n checks to look at below.</numerusform>
        </translation>
    </message>
</context>
</TS>
