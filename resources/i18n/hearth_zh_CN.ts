<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>ActionMenu</name>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Run the action on the selected text, or on the whole draft when nothing is selected. You review the result before anything changes.</source>
            <translation>对选中的文字运行此操作；未选中文字时对整篇草稿运行。任何改动都先经你审阅。</translation>
        </message>
        <message>
            <source>Add action…</source>
            <translation>添加操作…</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>The action Run does</source>
            <translation>“运行”执行的操作</translation>
        </message>
        <message>
            <source>More actions</source>
            <translation>更多操作</translation>
        </message>
        <message>
            <source>My recurring mistakes…</source>
            <translation>我常犯的错误…</translation>
        </message>
        <message>
            <source>Feedback level</source>
            <translation>反馈水平</translation>
        </message>
        <message>
            <source>The level was not kept. {advice}</source>
            <translation>水平未能保存。{advice}</translation>
        </message>
        <message>
            <source>Feedback now flags and explains for the {level} level.</source>
            <translation>写作反馈现在按{level}水平标注和解释。</translation>
        </message>
        <message>
            <source>{action} (yours)</source>
            <translation>{action}（自定义）</translation>
        </message>
        <message>
            <source>Remove the action “{action}”</source>
            <translation>删除操作“{action}”</translation>
        </message>
        <message>
            <source>Add an action</source>
            <translation>添加操作</translation>
        </message>
        <message>
            <source>Name of the action:</source>
            <translation>操作名称：</translation>
        </message>
        <message>
            <source>What should the model do with the text? For example: “Rewrite the text as a polite reply to a customer.”</source>
            <translation>模型应该怎样处理这段文字？例如：“把这段文字改写成给客户的礼貌回复。”</translation>
        </message>
        <message>
            <source>The action was not added. {advice}</source>
            <translation>没有添加该操作。{advice}</translation>
        </message>
        <message>
            <source>Added the action “{action}”.</source>
            <translation>已添加操作“{action}”。</translation>
        </message>
        <message>
            <source>The action was not removed. {advice}</source>
            <translation>没有移除该操作。{advice}</translation>
        </message>
        <message>
            <source>Removed the action “{action}”.</source>
            <translation>已移除操作“{action}”。</translation>
        </message>
    </context>
    <context>
        <name>ApiPanel</name>
        <message>
            <source>Let other programs use the loaded model (an OpenAI-compatible API)</source>
            <translation>允许其他程序使用已加载的模型（OpenAI 兼容 API）</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>Let other computers on the network use it</source>
            <translation>允许网络上的其他电脑使用</translation>
        </message>
        <message>
            <source>Any computer that can reach this one can then ask the model, with the token. The connection is not encrypted: use it on a network you trust, or behind a VPN or a TLS proxy.</source>
            <translation>这样一来，任何能访问这台电脑的电脑只要有令牌就能向模型提问。连接没有加密：请只在可信的网络中使用，或放在 VPN 或 TLS 代理之后。</translation>
        </message>
        <message>
            <source>None (no web page may call it)</source>
            <translation>无（不允许任何网页调用）</translation>
        </message>
        <message>
            <source>Web pages allowed to call it</source>
            <translation>允许调用它的网页</translation>
        </message>
        <message>
            <source>Origins such as https://example.org, separated by commas: only these web pages may call the API from a browser (CORS). Other programs are not affected.</source>
            <translation>来源，例如 https://example.org，用逗号分隔：只有这些网页可以在浏览器中调用 API（CORS）。其他程序不受影响。</translation>
        </message>
        <message>
            <source>New API token</source>
            <translation>新的 API 令牌</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Make a new token</source>
            <translation>生成新令牌</translation>
        </message>
        <message>
            <source>Web pages</source>
            <translation>网页</translation>
        </message>
        <message>
            <source>Token</source>
            <translation>令牌</translation>
        </message>
        <message>
            <source>Copy it now: it is not shown again. Programs send it as the API key.</source>
            <translation>请现在复制：它不会再次显示。程序把它作为 API 密钥发送。</translation>
        </message>
        <message>
            <source>The token is the one given in HEARTH_API_TOKEN.</source>
            <translation>令牌是通过 HEARTH_API_TOKEN 提供的那个。</translation>
        </message>
        <message>
            <source>The token is kept in the system keyring.</source>
            <translation>令牌保存在系统密钥环中。</translation>
        </message>
        <message>
            <source>No keyring could keep the token: it works until you quit Hearth, and a new one is needed after that.</source>
            <translation>没有密钥环能保存这个令牌：它在你退出 Hearth 之前有效，之后需要新建一个。</translation>
        </message>
        <message>
            <source>No token yet: one is made, and shown once, when the API is switched on.</source>
            <translation>还没有令牌：打开 API 时会新建一个，并只显示一次。</translation>
        </message>
        <message>
            <source>Answering at {url} with the model loaded in the window.</source>
            <translation>正在 {url} 上用窗口中已加载的模型应答。</translation>
        </message>
        <message>
            <source>Off. Programs such as editors, scripts and browser extensions can use the loaded model once it is on.</source>
            <translation>已关闭。开启后，编辑器、脚本和浏览器扩展等程序就能使用已加载的模型。</translation>
        </message>
        <message>
            <source>A web page's origin starts with http:// or https://: {origin}</source>
            <translation>网页来源应以 http:// 或 https:// 开头：{origin}</translation>
        </message>
    </context>
    <context>
        <name>ApiService</name>
        <message>
            <source>The API is switched on but its token is gone; make a new one in Settings → API.</source>
            <translation>API 已开启，但它的令牌不见了；请在“设置 → API”中生成新令牌。</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>{app} cannot open its history</source>
            <translation>{app} 无法打开历史记录</translation>
        </message>
        <message>
            <source>{app} is already running but does not answer. Close it (or end it in the task manager), then start it again.</source>
            <translation>{app} 已在运行，但没有响应。请关闭它（或在任务管理器中结束它），然后重新启动。</translation>
        </message>
    </context>
    <context>
        <name>ApprovalCard</name>
        <message>
            <source>May the model run the tool “{tool}”?</source>
            <translation>允许模型运行工具“{tool}”吗？</translation>
        </message>
        <message>
            <source>From Hearth's own tools.</source>
            <translation>来自 Hearth 自带的工具。</translation>
        </message>
        <message>
            <source>From the MCP server “{server}”, a program on your computer.</source>
            <translation>来自 MCP 服务器“{server}”，这是你电脑上的一个程序。</translation>
        </message>
        <message>
            <source>What the tool says it does (its own words): {description}</source>
            <translation>工具自称的用途（原话）：{description}</translation>
        </message>
        <message>
            <source>The arguments the model wrote, in full:</source>
            <translation>模型写出的完整参数：</translation>
        </message>
        <message>
            <source>Allow once</source>
            <translation>允许一次</translation>
        </message>
        <message>
            <source>Run this call only (Enter)</source>
            <translation>只运行这一次调用（Enter）</translation>
        </message>
        <message>
            <source>Always allow this tool</source>
            <translation>始终允许此工具</translation>
        </message>
        <message>
            <source>Run this tool's calls without asking, in every chat, until the tool or its server changes or you take it back (Tools → MCP servers…)</source>
            <translation>在所有对话中不再询问即运行此工具的调用，直到该工具或其服务器发生变化，或你在“工具 → MCP 服务器…”中收回许可</translation>
        </message>
        <message>
            <source>Deny</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Do not run it; the model is told you declined</source>
            <translation>不运行；模型会得知你拒绝了</translation>
        </message>
        <message>
            <source>Arguments of the call to {tool}</source>
            <translation>调用 {tool} 的参数</translation>
        </message>
    </context>
    <context>
        <name>Background</name>
        <message>
            <source>Unexpected error: {error}</source>
            <translation>意外错误：{error}</translation>
        </message>
    </context>
    <context>
        <name>ChatFiles</name>
        <message>
            <source>System prompt</source>
            <translation>系统提示词</translation>
        </message>
        <message>
            <source>You</source>
            <translation>你</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>助手</translation>
        </message>
        <message>
            <source>Thinking</source>
            <translation>思考</translation>
        </message>
        <message>
            <source>Tool call: {tool}</source>
            <translation>工具调用：{tool}</translation>
        </message>
        <message>
            <source>Tool output (untrusted):</source>
            <translation>工具输出（不可信）：</translation>
        </message>
        <message>
            <source>Told to the model:</source>
            <translation>告知模型的内容：</translation>
        </message>
        <message>
            <source>allowed once</source>
            <translation>已允许一次</translation>
        </message>
        <message>
            <source>always allowed from here on</source>
            <translation>已设为始终允许</translation>
        </message>
        <message>
            <source>allowed (always allowed before)</source>
            <translation>已允许（此前已设为始终允许）</translation>
        </message>
        <message>
            <source>denied</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <source>not run: it could not run as written</source>
            <translation>未运行：按所写内容无法运行</translation>
        </message>
        <message>
            <source>not run: over the limit of calls for one reply</source>
            <translation>未运行：超过了单条回复的调用次数上限</translation>
        </message>
        <message>
            <source>not finished: the reply was stopped</source>
            <translation>未完成：回复已被停止</translation>
        </message>
        <message>
            <source>This reply failed: {reason}</source>
            <translation>这条回复失败了：{reason}</translation>
        </message>
        <message>
            <source>This reply failed.</source>
            <translation>这条回复失败了。</translation>
        </message>
        <message>
            <source>This reply was stopped before it finished.</source>
            <translation>这条回复在写完之前被停止了。</translation>
        </message>
        <message>
            <source>This reply was interrupted: the app closed while it was being written.</source>
            <translation>这条回复被中断了：写的时候应用关闭了。</translation>
        </message>
        <message>
            <source>This reply was still being written when it was exported.</source>
            <translation>导出时这条回复还在写。</translation>
        </message>
        <message>
            <source>This reply did not finish.</source>
            <translation>这条回复没有写完。</translation>
        </message>
        <message>
            <source>Image</source>
            <translation>图片</translation>
        </message>
        <message>
            <source>(an image, not included in this file)</source>
            <translation>（一张图片，未包含在此文件中）</translation>
        </message>
        <message>
            <source>(empty)</source>
            <translation>（空）</translation>
        </message>
        <message>
            <source>Sources:</source>
            <translation>来源：</translation>
        </message>
        <message>
            <source>page {page}</source>
            <translation>第 {page} 页</translation>
        </message>
        <message>
            <source>paragraph {paragraph}</source>
            <translation>第 {paragraph} 段</translation>
        </message>
        <message>
            <source>Could not write {file}: {error}</source>
            <translation>无法写入 {file}：{error}</translation>
        </message>
        <message>
            <source>Could not write the image {file}: {error}</source>
            <translation>无法写入图片 {file}：{error}</translation>
        </message>
        <message>
            <source>The file is not text (UTF-8): {error}</source>
            <translation>该文件不是文本（UTF-8）：{error}</translation>
        </message>
        <message>
            <source>The file is not valid JSON (line {line}, column {column}: {error}).</source>
            <translation>该文件不是有效的 JSON（第 {line} 行第 {column} 列：{error}）。</translation>
        </message>
        <message>
            <source>The file was written by a newer Hearth (format version {version}). Update Hearth to import it.</source>
            <translation>该文件由更新版本的 Hearth 写出（格式版本 {version}）。请更新 Hearth 后再导入。</translation>
        </message>
        <message>
            <source>The file says it is a Hearth export but lists no conversations.</source>
            <translation>该文件自称是 Hearth 导出文件，但其中没有列出任何对话。</translation>
        </message>
        <message>
            <source>The file is neither a Hearth export nor ChatGPT's conversations.json.</source>
            <translation>该文件既不是 Hearth 导出文件，也不是 ChatGPT 的 conversations.json。</translation>
        </message>
        <message>
            <source>The file is {size:,} bytes, too large to be a chat export.</source>
            <translation>该文件有 {size:,} 字节，太大了，不可能是对话导出文件。</translation>
        </message>
        <message>
            <source>Could not read {file}: {error}</source>
            <translation>无法读取 {file}：{error}</translation>
        </message>
        <message>
            <source>Conversation {number}</source>
            <translation>对话 {number}</translation>
        </message>
        <message>
            <source>{title}: it has no messages</source>
            <translation>{title}：其中没有消息</translation>
        </message>
        <message>
            <source>The images in the file were left out.</source>
            <translation>文件中的图片未导入。</translation>
        </message>
        <message>
            <source>the file does not say which they are</source>
            <translation>文件没有说明是哪些图片</translation>
        </message>
        <message>
            <source>the file does not say which it is</source>
            <translation>文件没有说明是哪张图片</translation>
        </message>
        <message>
            <source>it is missing from the file</source>
            <translation>文件中没有这张图片</translation>
        </message>
        <message>
            <source>its data in the file is damaged</source>
            <translation>它在文件中的数据已损坏</translation>
        </message>
        <message>
            <source>{title}: an image was left out: {why}</source>
            <translation>{title}：有一张图片未导入：{why}</translation>
        </message>
        <message>
            <source>Images and files, which conversations.json does not hold: {count}. Each is marked [image] where it was.</source>
            <translation>conversations.json 不包含的图片和文件：{count} 个。每一处都在原位置标为 [image]。</translation>
        </message>
        <message>
            <source>Tool calls, tool results and other messages that are not text, left out: {count}.</source>
            <translation>未导入的工具调用、工具结果和其他非文本消息：{count} 条。</translation>
        </message>
    </context>
    <context>
        <name>ChatHeader</name>
        <message>
            <source>System prompt…</source>
            <translation>系统提示词…</translation>
        </message>
        <message>
            <source>System prompt: instructions the model sees before this conversation</source>
            <translation>系统提示词：模型在本对话开始前看到的指示</translation>
        </message>
    </context>
    <context>
        <name>ChatImages</name>
        <message>
            <source>Attach images…</source>
            <translation>添加图片…</translation>
        </message>
        <message>
            <source>Add pictures to the message (PNG, JPEG, WebP, GIF, BMP, TIFF). You can also paste a screenshot (Ctrl+V) or drop pictures here.</source>
            <translation>为消息添加图片（PNG、JPEG、WebP、GIF、BMP、TIFF）。也可以粘贴截图（Ctrl+V），或把图片拖放到这里。</translation>
        </message>
        <message>
            <source>This model cannot see pictures: Hearth will read the text in them (OCR) and send that instead.</source>
            <translation>此模型无法看图：Hearth 会识别图片中的文字（OCR），改为发送这些文字。</translation>
        </message>
        <message>
            <source>Attach images</source>
            <translation>添加图片</translation>
        </message>
        <message>
            <source>Images ({patterns})</source>
            <translation>图片（{patterns}）</translation>
        </message>
        <message numerus="yes">
            <source>…and %n more (point here to see them all)</source>
            <translation>
                <numerusform>……还有 %n 个（指向此处可查看全部）</numerusform>
            </translation>
        </message>
        <message>
            <source>Counting… (reading the text in the pictures)</source>
            <translation>正在计数……（正在读取图片中的文字）</translation>
        </message>
    </context>
    <context>
        <name>ChatPane</name>
        <message>
            <source>Message</source>
            <translation>消息</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stop the reply (Esc); what was written so far is kept</source>
            <translation>停止回复（Esc）；已写出的内容会保留</translation>
        </message>
        <message>
            <source>Open a model to start chatting (Models on the left, or File → Open model file…)</source>
            <translation>打开一个模型即可开始聊天（左侧的“模型”，或“文件 → 打开模型文件…”）</translation>
        </message>
        <message>
            <source>Message the model (Enter sends, Shift+Enter adds a line)</source>
            <translation>给模型发消息（Enter 发送，Shift+Enter 换行）</translation>
        </message>
        <message>
            <source>{tokens} tokens: too long. The model's context holds {context} tokens and {reserve} are kept for the reply; this message would be refused.</source>
            <translation>{tokens} 个词元：太长了。模型的上下文容纳 {context} 个词元，其中 {reserve} 个留给回复；这条消息会被拒绝。</translation>
        </message>
        <message numerus="yes">
            <source>%Ln tokens</source>
            <translation>
                <numerusform>%Ln 个词元</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>about %Ln tokens (estimated: the server cannot count)</source>
            <translation>
                <numerusform>约 %Ln 个词元（估算：服务器无法计数）</numerusform>
            </translation>
        </message>
        <message>
            <source>Searching your documents…</source>
            <translation>正在搜索你的文档…</translation>
        </message>
        <message>
            <source>Reading the text in the pictures…</source>
            <translation>正在识别图片中的文字…</translation>
        </message>
        <message>
            <source>Your documents could not be searched: {error}</source>
            <translation>无法搜索你的文档：{error}</translation>
        </message>
        <message>
            <source>Reading the prompt…</source>
            <translation>正在读取提示…</translation>
        </message>
        <message>
            <source>Prompt: {tokens} tokens</source>
            <translation>提示：{tokens} 个词元</translation>
        </message>
        <message>
            <source>Thinking…</source>
            <translation>正在思考…</translation>
        </message>
    </context>
    <context>
        <name>ChatSearchDialog</name>
        <message>
            <source>Search chats</source>
            <translation>搜索对话</translation>
        </message>
        <message>
            <source>Words in any message, in any conversation</source>
            <translation>任何对话中任何消息里的词语</translation>
        </message>
        <message>
            <source>Messages found</source>
            <translation>找到的消息</translation>
        </message>
        <message>
            <source>You</source>
            <translation>你</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>助手</translation>
        </message>
        <message>
            <source>Untitled</source>
            <translation>无标题</translation>
        </message>
        <message>
            <source>Finds text in every message and every branch, Chinese and English.</source>
            <translation>在每条消息和每个分支中查找文字，中英文均可。</translation>
        </message>
        <message numerus="yes">
            <source>%n message(s) found</source>
            <translation>
                <numerusform>找到 %n 条消息</numerusform>
            </translation>
        </message>
        <message>
            <source>No message contains all of these words.</source>
            <translation>没有消息同时包含这些词语。</translation>
        </message>
    </context>
    <context>
        <name>ChatSession</name>
        <message>
            <source>Image</source>
            <translation>图片</translation>
        </message>
        <message>
            <source>Nothing in your documents matches this question, so there is no answer from them. Try other words, choose other sources, or turn documents off for this conversation.</source>
            <translation>你的文档中没有与这个问题相符的内容，所以无法根据文档回答。可以换个说法、选择其他来源，或为此对话关闭文档。</translation>
        </message>
        <message>
            <source>Read the text in the image; this model cannot see pictures.</source>
            <translation>已读取图片中的文字；此模型无法看图。</translation>
        </message>
        <message>
            <source>Read the text in the pictures; this model cannot see pictures.</source>
            <translation>已读取这些图片中的文字；此模型无法看图。</translation>
        </message>
        <message>
            <source>The image has no text Hearth could read, and this model cannot see pictures.</source>
            <translation>图片中没有 Hearth 能读出的文字，而此模型无法看图。</translation>
        </message>
        <message>
            <source>Some of the pictures have no text Hearth could read, and this model cannot see pictures.</source>
            <translation>部分图片中没有 Hearth 能识别的文字，而且此模型无法看图。</translation>
        </message>
        <message>
            <source>An image of this question is no longer in Hearth's data folder, so it was not sent.</source>
            <translation>此问题的一张图片已不在 Hearth 的数据文件夹中，因此没有发送。</translation>
        </message>
    </context>
    <context>
        <name>ChatStateView</name>
        <message>
            <source>Send (Enter)</source>
            <translation>发送（Enter）</translation>
        </message>
        <message>
            <source>Type a message to send it</source>
            <translation>输入消息后即可发送</translation>
        </message>
        <message>
            <source>Choose a model first, in the header above</source>
            <translation>请先在上方标题栏中选择模型</translation>
        </message>
        <message>
            <source>The model is still loading</source>
            <translation>模型仍在加载</translation>
        </message>
    </context>
    <context>
        <name>ChatTemplate</name>
        <message>
            <source>the model's chat template ran for more than {seconds} s and was stopped</source>
            <translation>模型的对话模板运行超过 {seconds} 秒，已被停止</translation>
        </message>
        <message>
            <source>the model's chat template tried something unsafe and was blocked ({error})</source>
            <translation>模型的对话模板试图执行不安全的操作，已被阻止（{error}）</translation>
        </message>
        <message>
            <source>the model's chat template failed ({error})</source>
            <translation>模型的对话模板出错（{error}）</translation>
        </message>
        <message>
            <source>This model carries no chat template; a generic ChatML template is used, so replies may be off.</source>
            <translation>此模型没有对话模板；改用通用的 ChatML 模板，回复可能不太理想。</translation>
        </message>
        <message>
            <source>This model's chat template does not compile ({error}); a generic ChatML template is used instead.</source>
            <translation>此模型的对话模板无法编译（{error}）；改用通用的 ChatML 模板。</translation>
        </message>
        <message>
            <source>{reason}; a generic ChatML template is used instead.</source>
            <translation>{reason}；改用通用的 ChatML 模板。</translation>
        </message>
    </context>
    <context>
        <name>ChatTools</name>
        <message>
            <source>The model asks to run “{tool}”: allow or deny it under the reply.</source>
            <translation>模型请求运行“{tool}”：请在回复下方允许或拒绝。</translation>
        </message>
        <message>
            <source>Running “{tool}”…</source>
            <translation>正在运行“{tool}”…</translation>
        </message>
    </context>
    <context>
        <name>ChatTransfer</name>
        <message>
            <source>Hearth chats</source>
            <translation>Hearth 对话</translation>
        </message>
        <message>
            <source>There is no conversation to export yet.</source>
            <translation>还没有可以导出的对话。</translation>
        </message>
        <message>
            <source>Markdown, to read (*.md)</source>
            <translation>Markdown，便于阅读 (*.md)</translation>
        </message>
        <message>
            <source>Hearth JSON, every branch (*.json)</source>
            <translation>Hearth JSON，包含所有分支 (*.json)</translation>
        </message>
        <message>
            <source>Export chats</source>
            <translation>导出对话</translation>
        </message>
        <message>
            <source>An export is already being written. Wait for it or cancel it first.</source>
            <translation>已有一个导出正在写入。请等它完成，或先取消它。</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Exporting chats: {done} of {total} conversations written…</source>
            <translation>正在导出对话：已写入 {done} 个，共 {total} 个…</translation>
        </message>
        <message>
            <source>Export cancelled. No file was written.</source>
            <translation>导出已取消，没有写入任何文件。</translation>
        </message>
        <message numerus="yes">
            <source>Exported %n conversation(s) to {file}.</source>
            <translation>
                <numerusform>已把 %n 个对话导出到 {file}。</numerusform>
            </translation>
        </message>
        <message>
            <source>Import chats</source>
            <translation>导入对话</translation>
        </message>
        <message>
            <source>Chat exports: Hearth JSON, ChatGPT's conversations.json (*.json);;All files (*)</source>
            <translation>对话导出文件：Hearth JSON、ChatGPT 的 conversations.json (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Importing {file}…</source>
            <translation>正在导入 {file}…</translation>
        </message>
        <message numerus="yes">
            <source>Imported %n conversation(s). Messages: {messages}.</source>
            <translation>
                <numerusform>已导入 %n 个对话。消息：{messages} 条。</numerusform>
            </translation>
        </message>
        <message>
            <source>Not imported:</source>
            <translation>未导入：</translation>
        </message>
        <message>
            <source>… and {count} more.</source>
            <translation>……另有 {count} 项。</translation>
        </message>
        <message>
            <source>Chats</source>
            <translation>对话</translation>
        </message>
    </context>
    <context>
        <name>CommandPalette</name>
        <message>
            <source>Command palette</source>
            <translation>命令面板</translation>
        </message>
        <message>
            <source>Type an action or a conversation…</source>
            <translation>输入操作或对话…</translation>
        </message>
        <message>
            <source>Search actions and conversations</source>
            <translation>搜索操作和对话</translation>
        </message>
        <message>
            <source>Matching actions and conversations</source>
            <translation>匹配的操作和对话</translation>
        </message>
    </context>
    <context>
        <name>ComposeDialog</name>
        <message>
            <source>Compose</source>
            <translation>撰写</translation>
        </message>
        <message>
            <source>short</source>
            <translation>短</translation>
        </message>
        <message>
            <source>medium</source>
            <translation>中</translation>
        </message>
        <message>
            <source>long</source>
            <translation>长</translation>
        </message>
        <message>
            <source>e.g. customers, my team, a hiring manager</source>
            <translation>例如：客户、我的团队、招聘经理</translation>
        </message>
        <message>
            <source>What should it say? A few lines are enough.</source>
            <translation>要写些什么？几行就够。</translation>
        </message>
        <message>
            <source>Kind of text</source>
            <translation>文体</translation>
        </message>
        <message>
            <source>Tone</source>
            <translation>语气</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>篇幅</translation>
        </message>
        <message>
            <source>Audience</source>
            <translation>读者</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Brief</source>
            <translation>要点</translation>
        </message>
        <message>
            <source>Write from my documents, citing them as [1], [2]</source>
            <translation>根据我的文档撰写，并以 [1]、[2] 标注引用</translation>
        </message>
        <message>
            <source>Write</source>
            <translation>撰写</translation>
        </message>
    </context>
    <context>
        <name>ContextGauge</name>
        <message>
            <source>Context used</source>
            <translation>已用上下文</translation>
        </message>
        <message>
            <source>Nearly full</source>
            <translation>快满了</translation>
        </message>
        <message>
            <source>Full</source>
            <translation>已满</translation>
        </message>
        <message>
            <source>{used} / {total}</source>
            <translation>{used} / {total}</translation>
        </message>
        <message>
            <source>Context: {figures} tokens used ({share}%)</source>
            <translation>上下文：已用 {figures} 个词元（{share}%）</translation>
        </message>
        <message>
            <source>Nearly full: soon the oldest messages will be left out of what the model sees.</source>
            <translation>快满了：最早的消息很快会被排除在模型所见之外。</translation>
        </message>
        <message>
            <source>Full: the oldest messages are left out of what the model sees. Start a new chat to give it room.</source>
            <translation>已满：最早的消息已被排除在模型所见之外。开始新对话可以腾出空间。</translation>
        </message>
    </context>
    <context>
        <name>ContextWindow</name>
        <message>
            <source>This message needs {needed} tokens: {message} for its text and {extra} for the chat template and system prompt. The model's context holds {context} tokens and {reserve} are kept for the reply, leaving {available}. Shorten the message or the system prompt, or raise the context length in the model settings.</source>
            <translation>这条消息需要 {needed} 个词元：正文 {message} 个，聊天模板和系统提示词 {extra} 个。模型的上下文容纳 {context} 个词元，其中 {reserve} 个留给回复，只剩 {available} 个。请缩短消息或系统提示词，或在模型设置中调大上下文长度。</translation>
        </message>
        <message>
            <source>This message needs {needed} tokens, but the model's context holds {context} tokens and {reserve} are kept for the reply, leaving {available}. Shorten the message or the system prompt, or raise the context length in the model settings.</source>
            <translation>这条消息需要 {needed} 个词元，但模型的上下文容纳 {context} 个词元，其中 {reserve} 个留给回复，只剩 {available} 个。请缩短消息或系统提示词，或在模型设置中调大上下文长度。</translation>
        </message>
    </context>
    <context>
        <name>ConversationList</name>
        <message>
            <source>New chat</source>
            <translation>新对话</translation>
        </message>
        <message>
            <source>Start a new conversation (Ctrl+N)</source>
            <translation>开始新对话（Ctrl+N）</translation>
        </message>
        <message>
            <source>Filter by title</source>
            <translation>按标题筛选</translation>
        </message>
        <message>
            <source>Filter conversations by title</source>
            <translation>按标题筛选对话</translation>
        </message>
        <message>
            <source>Conversations</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Rename</source>
            <translation>重命名</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Untitled</source>
            <translation>无标题</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>重命名…</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Rename conversation</source>
            <translation>重命名对话</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>标题：</translation>
        </message>
        <message>
            <source>Delete conversation</source>
            <translation>删除对话</translation>
        </message>
        <message>
            <source>Delete “{title}” and all its messages? This cannot be undone.</source>
            <translation>删除“{title}”及其全部消息？此操作无法撤销。</translation>
        </message>
    </context>
    <context>
        <name>DataBackup</name>
        <message>
            <source>Back up all data</source>
            <translation>备份全部数据</translation>
        </message>
        <message>
            <source>Hearth backups (*.sqlite3);;All files (*)</source>
            <translation>Hearth 备份 (*.sqlite3);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Choose another file: that one is the database itself.</source>
            <translation>请另选一个文件：这个就是数据库本身。</translation>
        </message>
        <message>
            <source>Backing up your data to {path}…</source>
            <translation>正在把你的数据备份到 {path}…</translation>
        </message>
        <message>
            <source>The backup could not be written to {path}: {error}. Nothing else was changed.</source>
            <translation>无法把备份写入 {path}：{error}。其他内容均未改动。</translation>
        </message>
        <message>
            <source>Backed up to {path} ({size:.1f} MB): conversations, drafts, translations, settings, profiles and recurring mistakes. Models and chat pictures are files in the data folder.</source>
            <translation>已备份到 {path}（{size:.1f} MB）：对话、草稿、翻译、设置、个人资料和常犯错误。模型和聊天图片是数据文件夹中的单独文件。</translation>
        </message>
    </context>
    <context>
        <name>Database</name>
        <message>
            <source>The history database {path} cannot be opened ({error}). Nothing was changed.</source>
            <translation>无法打开历史数据库 {path}（{error}）。没有做任何改动。</translation>
        </message>
        <message>
            <source>The history database {path} is damaged ({error}). It was left exactly as it is; move it aside to start with an empty history, or restore a backup.</source>
            <translation>历史数据库 {path} 已损坏（{error}）。它被原样保留；把它移到别处即可从空的历史开始，或恢复备份。</translation>
        </message>
        <message>
            <source>The history database {path} is damaged ({error}). Conversations in the damaged part may not open or save. Export the chats you need (File › Export all chats), then quit and move the file aside to start with an empty history, or restore a backup.</source>
            <translation>历史数据库 {path} 已损坏（{error}）。损坏部分中的对话可能无法打开或保存。请先导出需要的对话（文件 › 导出全部对话），然后退出，把该文件移到别处即可从空的历史开始，或恢复备份。</translation>
        </message>
        <message>
            <source>The history database {path} was written by a newer version of the app (schema {version}, this version knows {known}). It was not changed; please update the app.</source>
            <translation>历史数据库 {path} 由更新版本的程序写入（架构 {version}，本版本只认识 {known}）。它没有被改动；请更新本程序。</translation>
        </message>
        <message>
            <source>The history database {path} cannot be read ({error}). It was left exactly as it is; move it aside to start with an empty history, or restore a backup.</source>
            <translation>无法读取历史数据库 {path}（{error}）。它被原样保留；把它移到别处即可从空的历史开始，或恢复备份。</translation>
        </message>
    </context>
    <context>
        <name>DetailsToggle</name>
        <message>
            <source>Details</source>
            <translation>详细信息</translation>
        </message>
        <message>
            <source>Shows the report as text</source>
            <translation>以文字显示报告</translation>
        </message>
    </context>
    <context>
        <name>DiscoverView</name>
        <message>
            <source>Search ModelScope (魔搭)</source>
            <translation>搜索魔搭</translation>
        </message>
        <message>
            <source>Search the Hugging Face Hub</source>
            <translation>搜索 Hugging Face Hub</translation>
        </message>
        <message>
            <source>Search or paste owner/name</source>
            <translation>搜索，或粘贴仓库名称</translation>
        </message>
        <message>
            <source>Words to search ModelScope (魔搭) for GGUF models; a repository's name (owner/name) or its page's address opens it</source>
            <translation>输入关键词在魔搭搜索 GGUF 模型；输入仓库名称（所有者/名称）或其页面网址则直接打开该仓库</translation>
        </message>
        <message>
            <source>Words to search the Hugging Face Hub for GGUF models; a repository's name (owner/name) or its page's address opens it</source>
            <translation>输入关键词在 Hugging Face Hub 搜索 GGUF 模型；输入仓库名称（所有者/名称）或其页面网址则直接打开该仓库</translation>
        </message>
        <message>
            <source>Sort by</source>
            <translation>排序方式</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>搜索</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Open a model file…</source>
            <translation>打开模型文件…</translation>
        </message>
        <message>
            <source>Use the Hugging Face Hub instead</source>
            <translation>改用 Hugging Face Hub</translation>
        </message>
        <message>
            <source>Use ModelScope (魔搭) instead</source>
            <translation>改用魔搭</translation>
        </message>
        <message>
            <source>The choice was not kept. {advice}</source>
            <translation>未能保存此选择。{advice}</translation>
        </message>
        <message>
            <source>Models found</source>
            <translation>找到的模型</translation>
        </message>
        <message>
            <source>Model files in this repository</source>
            <translation>此仓库中的模型文件</translation>
        </message>
        <message>
            <source>Quantization</source>
            <translation>量化</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Memory on this computer</source>
            <translation>在本机所需内存</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>下载</translation>
        </message>
        <message>
            <source>Repository description</source>
            <translation>仓库说明</translation>
        </message>
        <message>
            <source>Choose a model on the left.</source>
            <translation>请在左侧选择一个模型。</translation>
        </message>
        <message>
            <source>Recommended · {tier}</source>
            <translation>推荐 · {tier}</translation>
        </message>
        <message>
            <source>Found on ModelScope (魔搭) ({count})</source>
            <translation>在魔搭上找到（{count}）</translation>
        </message>
        <message>
            <source>Found on the Hugging Face Hub ({count})</source>
            <translation>在 Hugging Face Hub 上找到（{count}）</translation>
        </message>
        <message>
            <source>gated: needs a token</source>
            <translation>受限：需要令牌</translation>
        </message>
        <message numerus="yes">
            <source>%Ln downloads</source>
            <translation>
                <numerusform>%Ln 次下载</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln likes</source>
            <translation>
                <numerusform>%Ln 个赞</numerusform>
            </translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>正在搜索…</translation>
        </message>
        <message>
            <source>Nothing found. Try fewer or other words.</source>
            <translation>没有找到。请换用更少或其他的关键词。</translation>
        </message>
        <message>
            <source>loading…</source>
            <translation>加载中…</translation>
        </message>
        <message>
            <source>gated</source>
            <translation>受限</translation>
        </message>
        <message>
            <source>on ModelScope (魔搭)</source>
            <translation>来自魔搭</translation>
        </message>
        <message>
            <source>reads images</source>
            <translation>能看图片</translation>
        </message>
        <message numerus="yes">
            <source>%n GGUF models</source>
            <translation>
                <numerusform>%n 个 GGUF 模型</numerusform>
            </translation>
        </message>
        <message>
            <source>about {size}</source>
            <translation>约 {size}</translation>
        </message>
        <message>
            <source>not verified</source>
            <translation>未校验</translation>
        </message>
        <message>
            <source>{verdict} · about {size}</source>
            <translation>{verdict} · 约 {size}</translation>
        </message>
        <message>
            <source>not verified: the source gives no checksum, so only the size is checked</source>
            <translation>未校验：来源没有提供校验和，因此只检查大小</translation>
        </message>
        <message>
            <source>This repository has no GGUF files that can be loaded.</source>
            <translation>此仓库中没有可加载的 GGUF 文件。</translation>
        </message>
        <message>
            <source>This repository has no description.</source>
            <translation>此仓库没有说明。</translation>
        </message>
        <message>
            <source>Reads images: its image projector {file} ({size}) is downloaded with it.</source>
            <translation>能看图片：它的图像投影文件 {file}（{size}）会随它一起下载。</translation>
        </message>
    </context>
    <context>
        <name>Documents</name>
        <message>
            <source>The PDF is protected by a password.</source>
            <translation>此 PDF 受密码保护。</translation>
        </message>
        <message>
            <source>The PDF cannot be opened ({reason}).</source>
            <translation>无法打开此 PDF（{reason}）。</translation>
        </message>
        <message>
            <source>Files of this kind ({suffix}) are not read.</source>
            <translation>不读取这类文件（{suffix}）。</translation>
        </message>
        <message>
            <source>The file cannot be read ({reason}).</source>
            <translation>无法读取此文件（{reason}）。</translation>
        </message>
        <message>
            <source>The file is too large to index ({size} MB; at most {limit} MB for this kind).</source>
            <translation>文件太大，无法建立索引（{size} MB；这类文件最多 {limit} MB）。</translation>
        </message>
        <message>
            <source>The text is neither UTF-8 nor GB18030, or is not text at all.</source>
            <translation>文本既不是 UTF-8 也不是 GB18030，或者根本不是文本。</translation>
        </message>
        <message>
            <source>The DOCX file is damaged or is not a Word document ({reason}).</source>
            <translation>DOCX 文件已损坏，或不是 Word 文档（{reason}）。</translation>
        </message>
        <message>
            <source>The EPUB file is damaged ({reason}).</source>
            <translation>EPUB 文件已损坏（{reason}）。</translation>
        </message>
        <message>
            <source>The document index could not be used ({reason}); it was set aside as {file} and is made again from your sources.</source>
            <translation>文档索引无法使用（{reason}）；它已被移到一旁，改名为 {file}，并会根据你的来源重新建立。</translation>
        </message>
    </context>
    <context>
        <name>DocumentsBrief</name>
        <message>
            <source>Load a model first.</source>
            <translation>请先加载一个模型。</translation>
        </message>
        <message>
            <source>Searching your documents…</source>
            <translation>正在搜索你的文档…</translation>
        </message>
        <message>
            <source>Nothing in your documents matches the brief, so nothing was written. Try other words, or compose without documents.</source>
            <translation>你的文档中没有与要点相符的内容，所以没有撰写任何内容。可以换个说法，或不使用文档撰写。</translation>
        </message>
        <message>
            <source>Your documents could not be searched: {error}</source>
            <translation>无法搜索你的文档：{error}</translation>
        </message>
    </context>
    <context>
        <name>DocumentsButton</name>
        <message>
            <source>Documents: off</source>
            <translation>文档：关</translation>
        </message>
        <message>
            <source>Documents: all</source>
            <translation>文档：全部</translation>
        </message>
        <message>
            <source>Documents: {chosen} of {all}</source>
            <translation>文档：{all} 个中的 {chosen} 个</translation>
        </message>
        <message>
            <source>Answer from your documents, with the passages used as numbered sources</source>
            <translation>根据你的文档回答，并把用到的段落列为带编号的来源</translation>
        </message>
        <message>
            <source>Answer from my documents</source>
            <translation>根据我的文档回答</translation>
        </message>
        <message>
            <source>No documents yet</source>
            <translation>还没有文档</translation>
        </message>
        <message>
            <source>Manage documents…</source>
            <translation>管理文档…</translation>
        </message>
    </context>
    <context>
        <name>DocumentsDialog</name>
        <message>
            <source>Documents</source>
            <translation>文档</translation>
        </message>
        <message>
            <source>Chat can answer from these files and folders and show the passages it used. Supported: .txt .md .html .docx .pdf .epub, Chinese and English; scanned PDF pages are read by OCR, on this computer.</source>
            <translation>聊天可以根据这些文件和文件夹回答，并显示用到的段落。支持 .txt .md .html .docx .pdf .epub，中文和英文均可；扫描的 PDF 页面会在本机用 OCR 识别。</translation>
        </message>
        <message>
            <source>Chat can answer from these files and folders and show the passages it used. Supported: .txt .md .html .docx .pdf .epub, Chinese and English. This copy of Hearth has no OCR, so scanned PDF pages are counted as pages without text and left out (Hearth installed with pip reads them).</source>
            <translation>对话可以根据这些文件和文件夹回答，并显示用到的段落。支持 .txt .md .html .docx .pdf .epub，中文和英文均可。这个 Hearth 副本没有 OCR，因此扫描的 PDF 页面会被计为没有文字的页面并略过（用 pip 安装的 Hearth 可以读取）。</translation>
        </message>
        <message>
            <source>Document sources</source>
            <translation>文档来源</translation>
        </message>
        <message>
            <source>Add files…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Embedding model</source>
            <translation>嵌入模型</translation>
        </message>
        <message>
            <source>Optional. With an embedding model (multilingual ones such as bge-m3 or Qwen3-Embedding are best for Chinese and English), questions also find passages that say the same thing in other words. Without one, passages are found by their words.</source>
            <translation>可选。有了嵌入模型（中英文最好用 bge-m3 或 Qwen3-Embedding 这类多语言模型），提问也能找到用不同说法表达同一意思的段落。没有嵌入模型时，按字词查找段落。</translation>
        </message>
        <message>
            <source>None: find passages by their words</source>
            <translation>无：按字词查找段落</translation>
        </message>
        <message>
            <source>{source} · {files} files, {passages} passages</source>
            <translation>{source} · {files} 个文件，{passages} 个段落</translation>
        </message>
        <message numerus="yes">
            <source>%n skipped</source>
            <translation>
                <numerusform>跳过 %n 个</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n page(s) without readable text</source>
            <translation>
                <numerusform>%n 页没有可读文字</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{file}: %n page(s) without readable text</source>
            <translation>
                <numerusform>{file}：%n 页没有可读文字</numerusform>
            </translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Computing vectors: {done} of {total} passages</source>
            <translation>正在计算向量：{total} 个段落中的 {done} 个</translation>
        </message>
        <message>
            <source>Paused.</source>
            <translation>已暂停。</translation>
        </message>
        <message>
            <source>Up to date.</source>
            <translation>已是最新。</translation>
        </message>
        <message numerus="yes">
            <source>Up to date; %n file(s) could not be read (see the list).</source>
            <translation>
                <numerusform>已是最新；有 %n 个文件无法读取（见列表）。</numerusform>
            </translation>
        </message>
        <message>
            <source>Reading {file} ({done} of {total})</source>
            <translation>正在读取 {file}（{total} 个中的第 {done} 个）</translation>
        </message>
        <message>
            <source>Add documents</source>
            <translation>添加文档</translation>
        </message>
        <message>
            <source>Documents ({patterns})</source>
            <translation>文档 ({patterns})</translation>
        </message>
        <message>
            <source>Add a folder of documents</source>
            <translation>添加文档文件夹</translation>
        </message>
    </context>
    <context>
        <name>DownloadQueue</name>
        <message>
            <source>Waiting</source>
            <translation>等待中</translation>
        </message>
        <message>
            <source>Downloading</source>
            <translation>下载中</translation>
        </message>
        <message>
            <source>Checking sha256</source>
            <translation>正在校验 sha256</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>Installed</source>
            <translation>已安装</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>The file did not match the Hub's checksum and was not installed. Retry downloads it again.</source>
            <translation>文件与 Hub 公布的校验和不符，未安装。点“重试”会重新下载。</translation>
        </message>
        <message>
            <source>The app closed during the download; Resume goes on from the bytes kept.</source>
            <translation>下载时程序关闭了；按“继续”会从已保留的部分接着下载。</translation>
        </message>
        <message>
            <source>The bytes so far are kept; Resume goes on from there.</source>
            <translation>已下载的部分会保留；按“继续”从那里接着下载。</translation>
        </message>
        <message>
            <source>The partial file was removed.</source>
            <translation>未完成的文件已删除。</translation>
        </message>
        <message>
            <source>Unexpected error: {error}</source>
            <translation>意外错误：{error}</translation>
        </message>
    </context>
    <context>
        <name>DownloadRow</name>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Remove from list</source>
            <translation>从列表移除</translation>
        </message>
        <message>
            <source>{done} of {total}</source>
            <translation>{done} / {total}</translation>
        </message>
        <message>
            <source>{time} left</source>
            <translation>剩余 {time}</translation>
        </message>
        <message>
            <source>Installed and verified · {size}</source>
            <translation>已安装并校验 · {size}</translation>
        </message>
        <message>
            <source>image projector, so the model reads images</source>
            <translation>图像投影文件，模型靠它看图片</translation>
        </message>
        <message>
            <source>Download of {name}</source>
            <translation>{name} 的下载</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>checking the file against its published sha256…</source>
            <translation>正在用公布的 sha256 校验文件…</translation>
        </message>
        <message>
            <source>checking the file's size…</source>
            <translation>正在检查文件大小…</translation>
        </message>
        <message>
            <source>Installed · {size} · not verified: the source gives no checksum, so only its size was checked</source>
            <translation>已安装 · {size} · 未校验：来源没有提供校验和，因此只检查了大小</translation>
        </message>
        <message>
            <source>Cancel download</source>
            <translation>取消下载</translation>
        </message>
        <message>
            <source>Cancel the download of {name}? The {done} downloaded so far (of {total}) will be deleted. Pause keeps it for later.</source>
            <translation>取消下载 {name}？已下载的 {done}（共 {total}）将被删除。“暂停”可以留着以后继续。</translation>
        </message>
        <message>
            <source>Cancel and delete</source>
            <translation>取消并删除</translation>
        </message>
        <message>
            <source>Keep it</source>
            <translation>保留</translation>
        </message>
    </context>
    <context>
        <name>Downloads</name>
        <message>
            <source>{file} is already being downloaded by another copy of the app or by '{command} models pull'.</source>
            <translation>{file} 正在由本程序的另一个实例或“{command} models pull”下载。</translation>
        </message>
        <message>
            <source>Could not download {file}: {error}.</source>
            <translation>无法下载 {file}：{error}。</translation>
        </message>
        <message>
            <source>The server kept answering HTTP {status} for {file} ({tries} tries in a row). It has a problem with this file, not the connection: press Resume later, or try another source. The bytes so far are kept.</source>
            <translation>服务器对 {file} 一直返回 HTTP {status}（连续 {tries} 次）。问题出在服务器处理这个文件上，而不是网络连接：请稍后按“继续”，或换一个来源。已下载的部分会保留。</translation>
        </message>
        <message>
            <source>The download of {file} kept failing ({tries} tries in a row without progress). Check the internet connection and press Resume; the bytes so far are kept.</source>
            <translation>{file} 的下载一再失败（连续 {tries} 次没有进展）。请检查网络连接后点“继续”；已下载的部分会保留。</translation>
        </message>
        <message>
            <source>The server says {file} is {actual} bytes, but the listing said {listed}. Nothing of it was kept; the listing may be out of date or wrong, so try again later or another source.</source>
            <translation>服务器说 {file} 有 {actual} 字节，但文件列表写的是 {listed}。已下载的部分均未保留；列表可能已过时或有误，请稍后再试，或换一个来源。</translation>
        </message>
        <message>
            <source>The server sent a part of {file} that starts at the wrong place ({range} for byte {byte}).</source>
            <translation>服务器发来的 {file} 片段起点不对（{range}，应从第 {byte} 字节开始）。</translation>
        </message>
        <message>
            <source>The server sent more than the {size} bytes the listing gives for {file}. Nothing of it was kept.</source>
            <translation>服务器发送的数据超过了文件列表中 {file} 的 {size} 字节。已下载的部分均未保留。</translation>
        </message>
        <message>
            <source>{file} does not match the checksum the Hub publishes for it (expected {expected}…, got {got}…). It was not installed and will not be loaded. Retry downloads it again from the start.</source>
            <translation>{file} 与 Hub 公布的校验和不符（应为 {expected}…，实际为 {got}…）。它没有被安装，也不会被加载。点“重试”会从头重新下载。</translation>
        </message>
        <message>
            <source>Not enough disk space: {file} needs {needed} more and {free} is free in {folder}. Free some space, then press Resume.</source>
            <translation>磁盘空间不足：{file} 还需要 {needed}，而 {folder} 只剩 {free}。请腾出空间后点“继续”。</translation>
        </message>
        <message>
            <source>The disk is full: {missing} more is needed to finish {file}. The bytes so far are kept. Free some space and press Resume, or Cancel to remove the partial file.</source>
            <translation>磁盘已满：完成 {file} 还需要 {missing}。已下载的部分会保留。腾出空间后点“继续”，或点“取消”删除未完成的文件。</translation>
        </message>
        <message>
            <source>This file system or account does not allow a file as large as {file}: {missing} more is needed. The bytes so far are kept; choose a models folder on another disk.</source>
            <translation>此文件系统或账户不允许像 {file} 这么大的文件：还需要 {missing}。已下载的部分会保留；请把模型文件夹设在另一块磁盘上。</translation>
        </message>
        <message>
            <source>Could not write {file}: {error}. The bytes so far are kept.</source>
            <translation>无法写入 {file}：{error}。已下载的部分会保留。</translation>
        </message>
    </context>
    <context>
        <name>DownloadsView</name>
        <message>
            <source>No downloads yet. Choose a model in Discover and press Download.</source>
            <translation>还没有下载。在“发现”中选择一个模型，然后点“下载”。</translation>
        </message>
    </context>
    <context>
        <name>DraftEditor</name>
        <message>
            <source>Draft text</source>
            <translation>草稿正文</translation>
        </message>
        <message>
            <source>Write here, or compose from a brief with the pen button above.</source>
            <translation>在这里写作，或点上方的笔形按钮根据要点起稿。</translation>
        </message>
        <message>
            <source>{words} words · {characters} characters</source>
            <translation>{words} 词 · {characters} 字符</translation>
        </message>
    </context>
    <context>
        <name>Drafting</name>
        <message>
            <source>A custom action needs a name and an instruction.</source>
            <translation>自定义操作需要名称和指示。</translation>
        </message>
    </context>
    <context>
        <name>DraftingHeader</name>
        <message>
            <source>Compose…</source>
            <translation>撰写…</translation>
        </message>
        <message>
            <source>Compose a text from a brief…</source>
            <translation>根据要点撰写文本…</translation>
        </message>
        <message>
            <source>Open…</source>
            <translation>打开…</translation>
        </message>
        <message>
            <source>Open a .txt or .md file as a new draft…</source>
            <translation>打开 .txt 或 .md 文件作为新草稿…</translation>
        </message>
        <message>
            <source>Save as…</source>
            <translation>另存为…</translation>
        </message>
        <message>
            <source>Save the draft as a .txt or .md file…</source>
            <translation>把草稿另存为 .txt 或 .md 文件…</translation>
        </message>
        <message>
            <source>Copy all</source>
            <translation>全部复制</translation>
        </message>
        <message>
            <source>Copy the whole draft</source>
            <translation>复制整篇草稿</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stop the model writing (Esc)</source>
            <translation>让模型停止写作（Esc）</translation>
        </message>
    </context>
    <context>
        <name>DraftingPane</name>
        <message>
            <source>The model is thinking before it writes…</source>
            <translation>模型正在思考，之后才会写出内容…</translation>
        </message>
        <message>
            <source>Delete draft</source>
            <translation>删除草稿</translation>
        </message>
        <message>
            <source>Delete this draft and all its versions?</source>
            <translation>删除这篇草稿及其所有版本？</translation>
        </message>
        <message>
            <source>Restored the version of {when}</source>
            <translation>恢复了 {when} 的版本</translation>
        </message>
        <message>
            <source>Saved to {path}.</source>
            <translation>已保存到 {path}。</translation>
        </message>
        <message>
            <source>Copied the whole draft.</source>
            <translation>已复制整篇草稿。</translation>
        </message>
        <message>
            <source>There is no text to work on yet. Write something, or use Compose….</source>
            <translation>还没有可处理的文字。先写点什么，或使用“撰写…”。</translation>
        </message>
        <message>
            <source>{action}: the model is writing…</source>
            <translation>{action}：模型正在写…</translation>
        </message>
        <message>
            <source>Composed {kind}</source>
            <translation>撰写了{kind}</translation>
        </message>
        <message>
            <source>The draft is empty, so there is nothing to answer from.</source>
            <translation>草稿是空的，无从回答。</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回答</translation>
        </message>
        <message>
            <source>{rate} tokens/s</source>
            <translation>{rate} 词元/秒</translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>已停止。</translation>
        </message>
        <message numerus="yes">
            <source>%Ln tokens</source>
            <translation>
                <numerusform>%Ln 个词元</numerusform>
            </translation>
        </message>
        <message>
            <source>Your text was not changed.</source>
            <translation>你的文字没有改动。</translation>
        </message>
    </context>
    <context>
        <name>DraftsSidebar</name>
        <message>
            <source>Drafts</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>New draft</source>
            <translation>新建草稿</translation>
        </message>
        <message>
            <source>Delete draft</source>
            <translation>删除草稿</translation>
        </message>
        <message>
            <source>Delete this draft and all its versions…</source>
            <translation>删除这篇草稿及其所有版本…</translation>
        </message>
        <message>
            <source>Versions of the draft</source>
            <translation>草稿的版本</translation>
        </message>
        <message>
            <source>Restore version</source>
            <translation>恢复此版本</translation>
        </message>
        <message>
            <source>Versions</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Untitled draft</source>
            <translation>无标题草稿</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>创建</translation>
        </message>
    </context>
    <context>
        <name>EmptyConversation</name>
        <message>
            <source>What can I help with?</source>
            <translation>有什么可以帮你？</translation>
        </message>
        <message>
            <source>Ask a question, paste a text to summarise or translate, or attach a picture. Everything stays on this computer.</source>
            <translation>提个问题，粘贴一段文字让它总结或翻译，或者附上一张图片。一切都留在这台电脑上。</translation>
        </message>
        <message>
            <source>Explain how a rainbow forms, in three sentences.</source>
            <translation>用三句话解释彩虹是怎么形成的。</translation>
        </message>
        <message>
            <source>Write a short, polite email asking to move a meeting to Friday.</source>
            <translation>写一封简短、礼貌的邮件，请求把会议改到周五。</translation>
        </message>
        <message>
            <source>Give me five names for a small bakery.</source>
            <translation>给一家小面包店起五个名字。</translation>
        </message>
        <message>
            <source>Put this in the message box</source>
            <translation>填入消息框</translation>
        </message>
    </context>
    <context>
        <name>Engine</name>
        <message>
            <source>llama.cpp could not load {file}: {error}</source>
            <translation>llama.cpp 无法加载 {file}：{error}</translation>
        </message>
        <message>
            <source>{layers} layers on the GPU</source>
            <translation>{layers} 层在 GPU 上</translation>
        </message>
        <message>
            <source>all layers on the GPU</source>
            <translation>全部层在 GPU 上</translation>
        </message>
        <message>
            <source>the CPU only</source>
            <translation>仅用 CPU</translation>
        </message>
        <message>
            <source>Loading as planned failed ({error}), so {model} was loaded with {where} and a {tokens}-token context.</source>
            <translation>按计划加载失败（{error}），因此 {model} 改为{where}、上下文 {tokens} 个词元加载。</translation>
        </message>
        <message>
            <source>It also failed with fewer GPU layers, a shorter context and on the CPU alone; the model may need more memory than this computer has free.</source>
            <translation>减少 GPU 层数、缩短上下文、只用 CPU 也都失败了；这个模型需要的内存可能超过本机的空闲内存。</translation>
        </message>
        <message>
            <source>No model is loaded. Open a GGUF model file first.</source>
            <translation>没有加载模型。请先打开一个 GGUF 模型文件。</translation>
        </message>
        <message>
            <source>This model cannot see images: it has no projector (mmproj file) beside it. Send the message without images, or load a model that reads images.</source>
            <translation>此模型看不到图片：它旁边没有投影器（mmproj 文件）。请不带图片发送消息，或加载能读取图片的模型。</translation>
        </message>
        <message>
            <source>{problem}; this reply used a generic ChatML template.</source>
            <translation>{problem}；本次回复使用了通用的 ChatML 模板。</translation>
        </message>
        <message>
            <source>The model's chat template left out {missing} of the {count} images of this conversation.</source>
            <translation>模型的聊天模板遗漏了此对话 {count} 张图片中的 {missing} 张。</translation>
        </message>
        <message>
            <source>llama.cpp failed while reading the prompt: {error}</source>
            <translation>llama.cpp 读取提示时出错：{error}</translation>
        </message>
        <message>
            <source>The reply stopped because the context could not grow: {error}</source>
            <translation>回复已停止，因为上下文无法扩展：{error}</translation>
        </message>
        <message>
            <source>llama.cpp failed while generating: {error}</source>
            <translation>llama.cpp 生成时出错：{error}</translation>
        </message>
        <message>
            <source>The model thought for its whole budget of {tokens} tokens, so its thinking was cut short and it answered from there. Raise the thinking budget in the model's settings for harder questions.</source>
            <translation>模型用完了全部 {tokens} 个词元的思考预算，思考被截断，随后据此作答。遇到更难的问题，可在模型设置中提高思考预算。</translation>
        </message>
        <message>
            <source>There was not enough memory for a {wanted}-token context, so the context stops at {tokens} tokens and longer conversations are shortened to fit.</source>
            <translation>内存不足，无法容纳 {wanted} 个词元的上下文，因此上下文止于 {tokens} 个词元，更长的对话会被截短以适应。</translation>
        </message>
        <message>
            <source>There was not enough memory left for {model}'s context ({error}), so the model was unloaded. Load it again, perhaps with a shorter context.</source>
            <translation>内存不足，无法为 {model} 创建上下文（{error}），因此已卸载该模型。请重新加载，也可以改用更短的上下文。</translation>
        </message>
        <message>
            <source>The engine ended while it was idle ({reason}).</source>
            <translation>引擎在空闲时意外结束（{reason}）。</translation>
        </message>
        <message>
            <source>{model} loads with {changes} on this computer: it crashed llama.cpp here before.</source>
            <translation>{model} 在这台电脑上以{changes}的方式加载：它以前在这里使 llama.cpp 崩溃过。</translation>
        </message>
        <message>
            <source>The engine crashed while loading {model} ({reason}).</source>
            <translation>加载 {model} 时引擎崩溃（{reason}）。</translation>
        </message>
        <message>
            <source>The engine crashed while writing the reply ({reason}).</source>
            <translation>撰写回复时引擎崩溃（{reason}）。</translation>
        </message>
        <message>
            <source>The engine crashed while reading the prompt ({reason}).</source>
            <translation>读取提示词时引擎崩溃（{reason}）。</translation>
        </message>
        <message>
            <source>The engine crashed while reading passages for the document index ({reason}).</source>
            <translation>为文档索引读取段落时引擎崩溃了（{reason}）。</translation>
        </message>
        <message>
            <source>{model} was loaded again: the engine had ended while it was idle ({reason}).</source>
            <translation>已重新加载 {model}：引擎在空闲时结束了（{reason}）。</translation>
        </message>
        <message>
            <source>{error} It crashed again with weight repacking off and on the CPU alone, so the model was unloaded.</source>
            <translation>{error} 关闭权重重排并仅使用 CPU 后它仍然崩溃，因此模型已卸载。</translation>
        </message>
        <message>
            <source>{model} was loaded again with {changes} after the crash, and will be loaded that way on this computer from now on.</source>
            <translation>崩溃后已以{changes}的方式重新加载 {model}，今后在这台电脑上都将这样加载。</translation>
        </message>
        <message>
            <source>No answer: the conversation filled the model's context ({prompt} prompt + {generated} generated tokens) before the model could answer. Start a new chat, or raise the context length in Model → Model settings.</source>
            <translation>没有答案：对话在模型作答之前就占满了模型的上下文（提示 {prompt} 个词元 + 生成 {generated} 个词元）。请开始新的对话，或在“模型 → 模型设置”中调大上下文长度。</translation>
        </message>
        <message>
            <source>No answer: the reply reached its length limit ({tokens} tokens) before the model wrote an answer. Raise the longest reply in Model → Model settings.</source>
            <translation>没有答案：模型还没写出答案，回复就达到了长度上限（{tokens} 个词元）。请在“模型 → 模型设置”中调大最长回复。</translation>
        </message>
        <message>
            <source>No answer: the model stopped by itself after {tokens} tokens of thinking, without writing an answer. Open its thinking, or regenerate the reply.</source>
            <translation>没有答案：模型思考了 {tokens} 个词元后自行停止，没有写出答案。可以展开它的思考内容，或重新生成回复。</translation>
        </message>
        <message>
            <source>No answer: the model stopped by itself without writing anything. Regenerate the reply, or ask in other words.</source>
            <translation>没有答案：模型什么也没写就自行停止了。请重新生成回复，或换一种说法提问。</translation>
        </message>
        <message>
            <source>The projector {file} could not be used with this model (llama.cpp refused it: it may be for another model). The model was loaded without reading images.</source>
            <translation>投影器 {file} 无法与此模型配合使用（llama.cpp 拒绝了它：它可能属于另一个模型）。模型已加载，但不能读取图片。</translation>
        </message>
        <message>
            <source>The projector {file} is for sound, not images; the model was loaded without reading images.</source>
            <translation>投影器 {file} 用于声音而非图片；模型已加载，但不能读取图片。</translation>
        </message>
        <message>
            <source>The projector {file} places image positions in two dimensions (M-RoPE, as Qwen2-VL does), which Hearth cannot use yet; the model was loaded without reading images.</source>
            <translation>投影器 {file} 以二维方式安排图片位置（M-RoPE，如 Qwen2-VL），Hearth 目前还不支持；模型已加载，但不能读取图片。</translation>
        </message>
        <message>
            <source>The image {file} could not be read: {error}</source>
            <translation>无法读取图片 {file}：{error}</translation>
        </message>
        <message>
            <source>The image {file} is not one llama.cpp can read.</source>
            <translation>图片 {file} 不是 llama.cpp 能读取的格式。</translation>
        </message>
        <message>
            <source>The projector could not prepare the image {file} (libmtmd error {code}).</source>
            <translation>投影器无法处理图片 {file}（libmtmd 错误 {code}）。</translation>
        </message>
        <message>
            <source>The projector made nothing of the image {file}.</source>
            <translation>投影器没能从图片 {file} 中得到任何内容。</translation>
        </message>
        <message>
            <source>An image of the prompt is no longer prepared; send the message again.</source>
            <translation>提示中的一张图片已不再就绪；请重新发送消息。</translation>
        </message>
        <message>
            <source>The projector failed to encode an image (libmtmd error {code}).</source>
            <translation>投影器编码图片失败（libmtmd 错误 {code}）。</translation>
        </message>
        <message>
            <source>{model} is a diffusion language model ({architecture}); Hearth cannot chat with this kind of model.</source>
            <translation>{model} 是扩散语言模型（{architecture}）；Hearth 无法与这类模型对话。</translation>
        </message>
        <message>
            <source>{model} is not an embedding model: choose one made to find passages by meaning, such as bge-m3 or Qwen3-Embedding.</source>
            <translation>{model} 不是嵌入模型：请选择专为按含义查找段落而做的模型，例如 bge-m3 或 Qwen3-Embedding。</translation>
        </message>
    </context>
    <context>
        <name>EngineProcess</name>
        <message>
            <source>it stopped answering</source>
            <translation>它不再响应</translation>
        </message>
        <message>
            <source>a segmentation fault in native code</source>
            <translation>原生代码中的段错误</translation>
        </message>
        <message>
            <source>llama.cpp aborted</source>
            <translation>llama.cpp 中止了运行</translation>
        </message>
        <message>
            <source>it was killed, often by the system for lack of memory</source>
            <translation>它被终止了，通常是系统因内存不足所致</translation>
        </message>
        <message>
            <source>a bus error in native code</source>
            <translation>原生代码中的总线错误</translation>
        </message>
        <message>
            <source>an instruction this CPU does not have</source>
            <translation>使用了此 CPU 不支持的指令</translation>
        </message>
        <message>
            <source>an arithmetic fault in native code</source>
            <translation>原生代码中的算术错误</translation>
        </message>
        <message>
            <source>an access violation in native code</source>
            <translation>原生代码中的访问冲突</translation>
        </message>
        <message>
            <source>an illegal instruction</source>
            <translation>非法指令</translation>
        </message>
        <message>
            <source>a stack overflow</source>
            <translation>栈溢出</translation>
        </message>
        <message>
            <source>a native fault</source>
            <translation>原生代码错误</translation>
        </message>
        <message>
            <source>exit status {code}</source>
            <translation>退出状态 {code}</translation>
        </message>
        <message>
            <source>it sent a broken message ({error})</source>
            <translation>它发送了损坏的消息（{error}）</translation>
        </message>
    </context>
    <context>
        <name>Feedback</name>
        <message>
            <source>Spelling</source>
            <translation>拼写</translation>
        </message>
        <message>
            <source>Grammar</source>
            <translation>语法</translation>
        </message>
        <message>
            <source>Word choice</source>
            <translation>用词</translation>
        </message>
        <message>
            <source>Punctuation</source>
            <translation>标点</translation>
        </message>
        <message>
            <source>Style</source>
            <translation>文风</translation>
        </message>
        <message>
            <source>Clarity</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Wrong character (错别字)</source>
            <translation>错别字</translation>
        </message>
        <message>
            <source>Word use (用词)</source>
            <translation>用词</translation>
        </message>
        <message>
            <source>Grammar and collocation (语法/搭配)</source>
            <translation>语法/搭配</translation>
        </message>
        <message>
            <source>Word order (语序)</source>
            <translation>语序</translation>
        </message>
        <message>
            <source>Expression (表达)</source>
            <translation>表达</translation>
        </message>
        <message>
            <source>Beginner</source>
            <translation>初级</translation>
        </message>
        <message>
            <source>Intermediate</source>
            <translation>中级</translation>
        </message>
        <message>
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
        <message>
            <source>their words are not in the text</source>
            <translation>原文中没有这些词语</translation>
        </message>
        <message>
            <source>they change nothing</source>
            <translation>没有改动任何内容</translation>
        </message>
        <message>
            <source>they have no category of the set</source>
            <translation>类别不在规定范围内</translation>
        </message>
        <message>
            <source>they overlap another correction</source>
            <translation>与另一处修改重叠</translation>
        </message>
        <message>
            <source>they are not corrections</source>
            <translation>不是修改建议</translation>
        </message>
        <message>
            <source>they change words your profile keeps</source>
            <translation>它们会改动个人资料中要保留的词</translation>
        </message>
        <message>
            <source>they change the spelling your profile chose</source>
            <translation>它们会改动你在个人资料中选定的拼写</translation>
        </message>
        <message>
            <source>Corrections: {count} · level: {level}</source>
            <translation>修改：{count} 处 · 水平：{level}</translation>
        </message>
        <message>
            <source>By category: {counts}</source>
            <translation>按类别：{counts}</translation>
        </message>
        <message>
            <source>To work on:</source>
            <translation>需要加强：</translation>
        </message>
        <message>
            <source>{category} ({count}), e.g. “{original}” → “{corrected}”</source>
            <translation>{category}（{count}），例如“{original}”→“{corrected}”</translation>
        </message>
        <message>
            <source>Not used: {count} of the model's corrections, because {reason}.</source>
            <translation>未采用：模型给出的 {count} 处修改，因为{reason}。</translation>
        </message>
        <message>
            <source>Not shown at this level: finer points ({count}); choose a higher level to see them.</source>
            <translation>此级别下未显示：更细的问题（{count} 处）；选择更高的级别即可看到。</translation>
        </message>
    </context>
    <context>
        <name>FileMode</name>
        <message>
            <source>Translate a file…</source>
            <translation>翻译文件…</translation>
        </message>
        <message>
            <source>Translate a whole document in its own format: Word, PowerPoint, subtitles, Markdown, HTML, EPUB, PDF or text</source>
            <translation>按原格式翻译整个文档：Word、PowerPoint、字幕、Markdown、HTML、EPUB、PDF 或纯文本</translation>
        </message>
        <message>
            <source>Translate a file</source>
            <translation>翻译文件</translation>
        </message>
        <message>
            <source>Documents ({patterns})</source>
            <translation>文档 ({patterns})</translation>
        </message>
        <message>
            <source>A translation is being written: stop it or let it finish, then open the file.</source>
            <translation>正在翻译：请先停止或等它完成，再打开文件。</translation>
        </message>
        <message>
            <source>Reading {name}…</source>
            <translation>正在读取 {name}…</translation>
        </message>
        <message>
            <source>{name} has changed since it was translated here; Translate a file… opens it again and translates it anew.</source>
            <translation>{name} 在这里翻译之后已被修改；用“翻译文件…”重新打开，会重新翻译。</translation>
        </message>
        <message numerus="yes">
            <source>{name}: %n of {total} segments were translated before; Resume goes on from there.</source>
            <translation>
                <numerusform>{name}：共 {total} 个片段，之前已翻译 %n 个；点“继续”从那里接着翻译。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{name}: %n segments to translate into {language}.</source>
            <translation>
                <numerusform>{name}：%n 个片段，将译为{language}。</numerusform>
            </translation>
        </message>
        <message>
            <source>{name}, the file being translated when Hearth was closed, cannot be opened again: {reason}</source>
            <translation>关闭 Hearth 时正在翻译的文件 {name} 无法再次打开：{reason}</translation>
        </message>
        <message>
            <source>{name} cannot be translated: {reason}</source>
            <translation>无法翻译 {name}：{reason}</translation>
        </message>
        <message>
            <source>{name}, the file being translated when Hearth was closed, is no longer in {folder}.</source>
            <translation>关闭 Hearth 时正在翻译的文件 {name} 已不在 {folder} 中。</translation>
        </message>
        <message>
            <source>The file's language could not be detected; choose it from the list.</source>
            <translation>无法识别文件的语言，请从列表中选择。</translation>
        </message>
        <message>
            <source>The file is already in {language}; choose another language to translate it into.</source>
            <translation>文件已经是{language}；请选择另一种目标语言。</translation>
        </message>
        <message>
            <source>Translated.</source>
            <translation>翻译完成。</translation>
        </message>
        <message numerus="yes">
            <source>%n checks to look at below.</source>
            <translation>
                <numerusform>下方有 %n 项检查需要查看。</numerusform>
            </translation>
        </message>
        <message>
            <source>All checks passed.</source>
            <translation>所有检查均已通过。</translation>
        </message>
        <message>
            <source>Save as… writes the file.</source>
            <translation>点“另存为…”写出文件。</translation>
        </message>
        <message>
            <source>Stopped at segment {number} of {total}. Resume goes on from there.</source>
            <translation>停在第 {number} 个片段（共 {total} 个片段）。点“继续”从那里接着翻译。</translation>
        </message>
        <message>
            <source>Load a model first: Models on the left, or File → Open model file.</source>
            <translation>请先加载模型：左侧的“模型”，或“文件 → 打开模型文件”。</translation>
        </message>
        <message>
            <source>Translating segment {number} of {total}…</source>
            <translation>正在翻译第 {number} 个片段（共 {total} 个片段）…</translation>
        </message>
        <message>
            <source>(part {piece} of {pieces})</source>
            <translation>（第 {piece} 部分，共 {pieces} 部分）</translation>
        </message>
        <message>
            <source>The database could not keep this file's translation; it is kept until Hearth is closed.</source>
            <translation>数据库无法保存此文件的翻译；关闭 Hearth 之前译文仍会保留。</translation>
        </message>
        <message>
            <source>Stopped before the first segment was translated.</source>
            <translation>第一个片段译完之前就已停止。</translation>
        </message>
        <message>
            <source>Resume tries again from segment {number}.</source>
            <translation>点“继续”从第 {number} 个片段重试。</translation>
        </message>
        <message>
            <source>Segment {number} corrected; the model will not translate it again.</source>
            <translation>第 {number} 个片段已手动修改；模型不会再翻译它。</translation>
        </message>
        <message>
            <source>Choose the languages first: there is no translation to save yet.</source>
            <translation>请先选择语言：还没有可保存的译文。</translation>
        </message>
        <message>
            <source>{path} could not be written: {reason}</source>
            <translation>无法写入 {path}：{reason}</translation>
        </message>
        <message>
            <source>Saved to {path}.</source>
            <translation>已保存到 {path}。</translation>
        </message>
        <message numerus="yes">
            <source>%n segments are not translated yet; they are in the file as they were.</source>
            <translation>
                <numerusform>还有 %n 个片段未翻译，文件中保留原文。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FileSaveDialog</name>
        <message>
            <source>Save the translated file</source>
            <translation>保存译文文件</translation>
        </message>
        <message>
            <source>Save to</source>
            <translation>保存到</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Kind of file</source>
            <translation>文件类型</translation>
        </message>
        <message>
            <source>Bilingual: each part followed by its translation</source>
            <translation>双语：每部分后面跟着它的译文</translation>
        </message>
        <message>
            <source>Write as</source>
            <translation>保存为</translation>
        </message>
        <message>
            <source>Give the translated file a name.</source>
            <translation>请给译文文件起个名字。</translation>
        </message>
    </context>
    <context>
        <name>FileSegmentsModel</name>
        <message>
            <source>Corrected by hand: the model does not translate it again.</source>
            <translation>已手动修改：模型不会再翻译它。</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>位置</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>原文</translation>
        </message>
        <message>
            <source>Translation</source>
            <translation>译文</translation>
        </message>
    </context>
    <context>
        <name>FileTranslationView</name>
        <message>
            <source>Save as…</source>
            <translation>另存为…</translation>
        </message>
        <message>
            <source>Write the translated file in its own format, with what is translated so far</source>
            <translation>按原格式写出译文文件，包含目前已翻译的部分</translation>
        </message>
        <message>
            <source>Close file</source>
            <translation>关闭文件</translation>
        </message>
        <message>
            <source>Back to the text boxes; this file's translation is kept and comes back when it is opened again</source>
            <translation>回到文本框；此文件的译文会保留，再次打开时恢复</translation>
        </message>
        <message>
            <source>Checks (click one to find its segment)</source>
            <translation>检查（点击一项可定位到该片段）</translation>
        </message>
        <message>
            <source>Checks of the translation</source>
            <translation>译文检查</translation>
        </message>
        <message>
            <source>About this file</source>
            <translation>关于此文件</translation>
        </message>
        <message>
            <source>Parts of the file left as they are, and notes about it</source>
            <translation>文件中保持原样的部分，以及相关说明</translation>
        </message>
        <message>
            <source>Segments of the file and their translations</source>
            <translation>文件的各个片段及其译文</translation>
        </message>
        <message numerus="yes">
            <source>{name}: %n segments</source>
            <translation>
                <numerusform>{name}：%n 个片段</numerusform>
            </translation>
        </message>
        <message>
            <source>Left as it is: {where}: {what}</source>
            <translation>保持原样：{where}：{what}</translation>
        </message>
        <message>
            <source>Left as it is: {what}</source>
            <translation>保持原样：{what}</translation>
        </message>
        <message>
            <source>Segment {number} ({where}): {problem}</source>
            <translation>第 {number} 个片段（{where}）：{problem}</translation>
        </message>
        <message>
            <source>Segment {number}: {problem}</source>
            <translation>第 {number} 个片段：{problem}</translation>
        </message>
    </context>
    <context>
        <name>Formats</name>
        <message>
            <source>The file is not a Word document.</source>
            <translation>该文件不是 Word 文档。</translation>
        </message>
        <message>
            <source>This Word document is saved as Strict Open XML, which cannot be translated; save it as a usual .docx.</source>
            <translation>此 Word 文档以 Strict Open XML 格式保存，无法翻译；请将其另存为普通 .docx 文件。</translation>
        </message>
        <message>
            <source>Comment {number}</source>
            <translation>批注 {number}</translation>
        </message>
        <message>
            <source>A comment, left untranslated</source>
            <translation>批注，未翻译</translation>
        </message>
        <message>
            <source>Tracked changes stay tracked: inserted text is translated and still marked as inserted, deleted text is kept as it was.</source>
            <translation>修订仍保留：插入的文字会被翻译并仍标记为插入，删除的文字保持原样。</translation>
        </message>
        <message>
            <source>Fields keep the text they showed (a table of contents, cross-references); update them in Word after translating.</source>
            <translation>域（目录、交叉引用）保留原先显示的文字；翻译后请在 Word 中更新域。</translation>
        </message>
        <message>
            <source>Header</source>
            <translation>页眉</translation>
        </message>
        <message>
            <source>Footer</source>
            <translation>页脚</translation>
        </message>
        <message>
            <source>Footnote {number}</source>
            <translation>脚注 {number}</translation>
        </message>
        <message>
            <source>Endnote {number}</source>
            <translation>尾注 {number}</translation>
        </message>
        <message>
            <source>A Word document is written as a Word document (.docx) only.</source>
            <translation>Word 文档只能写成 Word 文档（.docx）。</translation>
        </message>
        <message>
            <source>Paragraph {number}</source>
            <translation>第 {number} 段</translation>
        </message>
        <message>
            <source>Table {number}</source>
            <translation>表格 {number}</translation>
        </message>
        <message>
            <source>An imported part of the document, kept as it is</source>
            <translation>导入的文档部分，保持原样</translation>
        </message>
        <message>
            <source>Text box</source>
            <translation>文本框</translation>
        </message>
        <message>
            <source>A text box whose two versions differ, kept as it is</source>
            <translation>两个版本内容不同的文本框，保持原样</translation>
        </message>
        <message>
            <source>A field ({code}), kept as it is</source>
            <translation>域（{code}），保持原样</translation>
        </message>
        <message>
            <source>Deleted text (a tracked change), kept as it is</source>
            <translation>已删除的文字（修订），保持原样</translation>
        </message>
        <message>
            <source>An equation, kept as it is</source>
            <translation>公式，保持原样</translation>
        </message>
        <message>
            <source>A chart, kept as it is</source>
            <translation>图表，保持原样</translation>
        </message>
        <message>
            <source>A SmartArt diagram, kept as it is</source>
            <translation>SmartArt 图形，保持原样</translation>
        </message>
        <message>
            <source>An embedded object, kept as it is</source>
            <translation>嵌入对象，保持原样</translation>
        </message>
        <message>
            <source>A content control filled from the document's properties, kept as it is</source>
            <translation>由文档属性填充的内容控件，保持原样</translation>
        </message>
        <message>
            <source>The document is damaged: {name} is not valid XML ({reason}).</source>
            <translation>文档已损坏：{name} 不是有效的 XML（{reason}）。</translation>
        </message>
        <message>
            <source>The document is damaged: {name} declares a document type.</source>
            <translation>文档已损坏：{name} 声明了文档类型。</translation>
        </message>
        <message>
            <source>The book is damaged: {name} cannot be read ({reason}).</source>
            <translation>这本书已损坏：无法读取 {name}（{reason}）。</translation>
        </message>
        <message>
            <source>The chapter {name} is damaged: {reason}</source>
            <translation>章节 {name} 已损坏：{reason}</translation>
        </message>
        <message>
            <source>The book has no text to translate.</source>
            <translation>这本书没有可翻译的文字。</translation>
        </message>
        <message>
            <source>The book is damaged: its container names no package.</source>
            <translation>这本书已损坏：其容器文件没有指明内容包。</translation>
        </message>
        <message>
            <source>The book is damaged: its spine names chapters its manifest lacks, or none.</source>
            <translation>这本书已损坏：其阅读顺序列出了清单中没有的章节，或没有列出任何章节。</translation>
        </message>
        <message>
            <source>Book title</source>
            <translation>书名</translation>
        </message>
        <message>
            <source>A page that is not XHTML ({type}), kept as it is</source>
            <translation>非 XHTML 的页面（{type}），保持原样</translation>
        </message>
        <message>
            <source>The book is protected (DRM); it cannot be translated.</source>
            <translation>这本书受数字版权保护（DRM），无法翻译。</translation>
        </message>
        <message>
            <source>Table of contents</source>
            <translation>目录</translation>
        </message>
        <message>
            <source>The page is not in the text encoding it declares ({encoding}), or is not text at all.</source>
            <translation>该网页不是其声明的文字编码（{encoding}），或者根本不是文本。</translation>
        </message>
        <message>
            <source>The file is not an HTML page.</source>
            <translation>该文件不是 HTML 网页。</translation>
        </message>
        <message>
            <source>The page is damaged ({reason}).</source>
            <translation>该网页已损坏（{reason}）。</translation>
        </message>
        <message>
            <source>Line {number}</source>
            <translation>第 {number} 行</translation>
        </message>
        <message>
            <source>The front matter, kept as it is</source>
            <translation>前置元数据（front matter），保持原样</translation>
        </message>
        <message>
            <source>An HTML block, kept as it is</source>
            <translation>HTML 块，保持原样</translation>
        </message>
        <message>
            <source>Text whose place in its lines is unclear, kept as it is</source>
            <translation>无法确定其在行中位置的文字，保持原样</translation>
        </message>
        <message>
            <source>Files of this kind ({suffix}) cannot be translated as a whole; open their text instead.</source>
            <translation>这类文件（{suffix}）不能整份翻译；请改为打开其中的文字。</translation>
        </message>
        <message>
            <source>The file is damaged or is not what its name says ({reason}).</source>
            <translation>文件已损坏，或与其名称所示的类型不符（{reason}）。</translation>
        </message>
        <message>
            <source>Page {number}</source>
            <translation>第 {number} 页</translation>
        </message>
        <message>
            <source>A scanned page or one whose text is garbled: text recognition could not read it.</source>
            <translation>扫描页或文字乱码的页：文字识别无法读出。</translation>
        </message>
        <message>
            <source>A scanned page or one whose text is garbled: it is not read without text recognition.</source>
            <translation>扫描页或文字乱码的页：未开启文字识别，未读取。</translation>
        </message>
        <message>
            <source>The file is damaged ({reason}).</source>
            <translation>文件已损坏（{reason}）。</translation>
        </message>
        <message>
            <source>Read by text recognition, so check their text: pages {pages}.</source>
            <translation>以下页面由文字识别读出，请核对文字：第 {pages} 页。</translation>
        </message>
        <message>
            <source>Every page</source>
            <translation>每一页</translation>
        </message>
        <message>
            <source>Page numbers, left out</source>
            <translation>页码，已略去</translation>
        </message>
        <message>
            <source>The running header or footer “{text}”, left out</source>
            <translation>每页重复的页眉或页脚“{text}”，已略去</translation>
        </message>
        <message>
            <source>Slide {number}</source>
            <translation>第 {number} 张幻灯片</translation>
        </message>
        <message>
            <source>Content made for newer versions of PowerPoint, left as it is</source>
            <translation>为较新版本 PowerPoint 制作的内容，保持原样</translation>
        </message>
        <message>
            <source>Slide {number} notes</source>
            <translation>第 {number} 张幻灯片的备注</translation>
        </message>
        <message>
            <source>Slide {number}, table</source>
            <translation>第 {number} 张幻灯片的表格</translation>
        </message>
        <message>
            <source>A chart, left as it is</source>
            <translation>图表，保持原样</translation>
        </message>
        <message>
            <source>An embedded object, left as it is</source>
            <translation>嵌入的对象，保持原样</translation>
        </message>
        <message>
            <source>SmartArt, left as it is</source>
            <translation>SmartArt 图形，保持原样</translation>
        </message>
        <message>
            <source>A graphic of a kind Hearth does not know, left as it is</source>
            <translation>Hearth 不认识的图形，保持原样</translation>
        </message>
        <message>
            <source>An equation, left as it is</source>
            <translation>公式，保持原样</translation>
        </message>
        <message>
            <source>The file changed after it was opened; open it again.</source>
            <translation>文件在打开后已被更改，请重新打开。</translation>
        </message>
        <message>
            <source>The package holds too many files ({count}).</source>
            <translation>压缩包内的文件过多（{count} 个）。</translation>
        </message>
        <message>
            <source>The package unpacks to far more than its size (a zip bomb?); it is not opened.</source>
            <translation>压缩包解压后远大于其本身（可能是 zip 炸弹），不予打开。</translation>
        </message>
        <message>
            <source>The package holds a file named outside it ({name}).</source>
            <translation>压缩包内有指向包外的文件名（{name}）。</translation>
        </message>
        <message>
            <source>The package lacks {name}.</source>
            <translation>压缩包中缺少 {name}。</translation>
        </message>
        <message>
            <source>The package is damaged: {name} is larger than it says.</source>
            <translation>压缩包已损坏：{name} 比其声明的大小更大。</translation>
        </message>
        <message>
            <source>The subtitles are damaged at line {line}: {text}</source>
            <translation>字幕在第 {line} 行处损坏：{text}</translation>
        </message>
        <message>
            <source>The file is not UTF-8 text; save it as UTF-8 and open it again.</source>
            <translation>文件不是 UTF-8 文本；请另存为 UTF-8 后重新打开。</translation>
        </message>
        <message>
            <source>The file holds no subtitles.</source>
            <translation>文件中没有字幕。</translation>
        </message>
        <message>
            <source>Cue {number}</source>
            <translation>第 {number} 条字幕</translation>
        </message>
        <message>
            <source>Cues {cues} overlap in time; their times are kept as they were.</source>
            <translation>字幕 {cues} 的时间相互重叠；时间保持原样。</translation>
        </message>
        <message>
            <source>Cue {number} is damaged: {text}</source>
            <translation>第 {number} 条字幕已损坏：{text}</translation>
        </message>
        <message>
            <source>This is not a WebVTT file: its first line is not WEBVTT.</source>
            <translation>这不是 WebVTT 文件：第一行不是 WEBVTT。</translation>
        </message>
        <message>
            <source>Karaoke (timed syllable by syllable)</source>
            <translation>卡拉 OK 字幕（逐音节计时）</translation>
        </message>
        <message>
            <source>The subtitle file has no [Events] section.</source>
            <translation>字幕文件没有 [Events] 部分。</translation>
        </message>
        <message>
            <source>The file is too large to translate ({size} MB; at most {limit} MB).</source>
            <translation>文件太大，无法翻译（{size} MB；最多 {limit} MB）。</translation>
        </message>
        <message>
            <source>The file cannot be read ({reason}).</source>
            <translation>无法读取文件（{reason}）。</translation>
        </message>
        <message>
            <source>This is not a file.</source>
            <translation>这不是一个文件。</translation>
        </message>
        <message>
            <source>The translation cannot replace the file it is translated from; choose another name.</source>
            <translation>译文不能覆盖原文件；请换一个文件名。</translation>
        </message>
        <message>
            <source>A .{kind} file is written as {kinds}, not as .{suffix}; choose a name that ends in one of them.</source>
            <translation>.{kind} 文件只能写成 {kinds}，不能写成 .{suffix}；请选择以其中之一结尾的文件名。</translation>
        </message>
        <message>
            <source>There is no text to translate in this file.</source>
            <translation>这个文件里没有可翻译的文字。</translation>
        </message>
    </context>
    <context>
        <name>GenerationTask</name>
        <message>
            <source>Load a model first: Models on the left, or File → Open model file.</source>
            <translation>请先加载模型：左侧的“模型”，或“文件 → 打开模型文件”。</translation>
        </message>
    </context>
    <context>
        <name>GgufFile</name>
        <message>
            <source>{file} cannot be used: {reason}</source>
            <translation>{file} 无法使用：{reason}</translation>
        </message>
        <message>
            <source>the header says {what} needs {n} bytes at byte {pos}, but the file is only {size} bytes long (truncated or damaged)</source>
            <translation>文件头说 {what} 需要第 {pos} 字节起的 {n} 字节，但文件只有 {size} 字节（被截断或已损坏）</translation>
        </message>
        <message>
            <source>{what} claims a string of {length} bytes, far beyond any real model</source>
            <translation>{what} 声称有 {length} 字节的字符串，远超任何真实模型</translation>
        </message>
        <message>
            <source>{what} is not valid UTF-8 text</source>
            <translation>{what} 不是有效的 UTF-8 文本</translation>
        </message>
        <message>
            <source>{what} claims an array of {count} items, far beyond any real model</source>
            <translation>{what} 声称有 {count} 个数组元素，远超任何真实模型</translation>
        </message>
        <message>
            <source>{what} has an unknown array item type {item_type}</source>
            <translation>{what} 的数组元素类型未知：{item_type}</translation>
        </message>
        <message>
            <source>{what} has an unknown value type {value_type}</source>
            <translation>{what} 的值类型未知：{value_type}</translation>
        </message>
        <message>
            <source>it is a web page (HTML), not a GGUF model; the download probably saved an error page</source>
            <translation>这是一个网页（HTML），不是 GGUF 模型；下载时可能存下了错误页面</translation>
        </message>
        <message>
            <source>it is a JSON text, not a GGUF model</source>
            <translation>这是一段 JSON 文本，不是 GGUF 模型</translation>
        </message>
        <message>
            <source>it is a Git LFS pointer, not the model itself; download the real file</source>
            <translation>这是 Git LFS 指针，不是模型本身；请下载真正的文件</translation>
        </message>
        <message>
            <source>it does not start with the GGUF signature, so it is not a GGUF model</source>
            <translation>它不以 GGUF 签名开头，因此不是 GGUF 模型</translation>
        </message>
        <message>
            <source>it is not a regular file</source>
            <translation>它不是普通文件</translation>
        </message>
        <message>
            <source>it cannot be read ({exc})</source>
            <translation>无法读取（{exc}）</translation>
        </message>
        <message>
            <source>the file is empty (0 bytes)</source>
            <translation>文件是空的（0 字节）</translation>
        </message>
        <message>
            <source>the file is only {size} bytes, shorter than a GGUF header (truncated)</source>
            <translation>文件只有 {size} 字节，比 GGUF 文件头还短（被截断）</translation>
        </message>
        <message>
            <source>it is GGUF version {version}; only versions 2 and 3 are supported</source>
            <translation>它是 GGUF 第 {version} 版；只支持第 2 和第 3 版</translation>
        </message>
        <message>
            <source>the header claims {tensor_count} tensors, more than a file of {size} bytes can hold (damaged header)</source>
            <translation>文件头声称有 {tensor_count} 个张量，{size} 字节的文件装不下（文件头已损坏）</translation>
        </message>
        <message>
            <source>the header claims {kv_count} metadata entries, more than a file of {size} bytes can hold (damaged header)</source>
            <translation>文件头声称有 {kv_count} 条元数据，{size} 字节的文件装不下（文件头已损坏）</translation>
        </message>
        <message>
            <source>tensor {name} claims {n_dims} dimensions; GGUF allows at most {max_dims}</source>
            <translation>张量 {name} 声称有 {n_dims} 维；GGUF 最多允许 {max_dims} 维</translation>
        </message>
        <message>
            <source>general.alignment is {alignment}, not a power of two</source>
            <translation>general.alignment 为 {alignment}，不是 2 的幂</translation>
        </message>
        <message>
            <source>tensor {name} has an unknown data type {type_id}; the app's llama.cpp may be older than this model</source>
            <translation>张量 {name} 的数据类型 {type_id} 未知；本程序的 llama.cpp 可能比这个模型旧</translation>
        </message>
        <message>
            <source>tensor {name} has a shape that does not fit its {qtype} blocks</source>
            <translation>张量 {name} 的形状与其 {qtype} 块大小不符</translation>
        </message>
        <message>
            <source>tensor {name} lies past the end of the file (needs {end} bytes, the file has {size}); the file is truncated, perhaps an unfinished download</source>
            <translation>张量 {name} 超出了文件末尾（需要 {end} 字节，文件只有 {size}）；文件被截断，可能是下载未完成</translation>
        </message>
    </context>
    <context>
        <name>GlossaryDialog</name>
        <message>
            <source>Glossary: {languages}</source>
            <translation>术语表：{languages}</translation>
        </message>
        <message>
            <source>Glossary</source>
            <translation>术语表</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>术语</translation>
        </message>
        <message>
            <source>Always translate as</source>
            <translation>固定译为</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Names and terms to leave untranslated, one per line</source>
            <translation>不翻译的名称和术语，每行一个</translation>
        </message>
        <message>
            <source>Do not translate</source>
            <translation>不翻译</translation>
        </message>
        <message>
            <source>Import CSV…</source>
            <translation>导入 CSV…</translation>
        </message>
        <message>
            <source>Add the terms of a CSV file (term, translation, note); its terms replace those already here</source>
            <translation>添加 CSV 文件中的术语（术语、译法、备注）；与已有术语重复时以文件为准</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>导出 CSV…</translation>
        </message>
        <message>
            <source>Import a glossary</source>
            <translation>导入术语表</translation>
        </message>
        <message>
            <source>CSV files (*.csv *.txt *.tsv);;All files (*)</source>
            <translation>CSV 文件 (*.csv *.txt *.tsv);;所有文件 (*)</translation>
        </message>
        <message numerus="yes">
            <source>Imported %n terms from {name}.</source>
            <translation>
                <numerusform>已从 {name} 导入 %n 个术语。</numerusform>
            </translation>
        </message>
        <message>
            <source>Export the glossary</source>
            <translation>导出术语表</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>The glossary could not be written to {path}: {reason}</source>
            <translation>无法把术语表写入 {path}：{reason}</translation>
        </message>
        <message numerus="yes">
            <source>Exported %n terms to {name}.</source>
            <translation>
                <numerusform>已把 %n 个术语导出到 {name}。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Grammar</name>
        <message>
            <source>llama.cpp could not compile the grammar made from the request's JSON schema, so the reply cannot be constrained to it.</source>
            <translation>llama.cpp 无法编译由请求的 JSON 模式生成的语法，因此无法按其约束回复。</translation>
        </message>
        <message>
            <source>{what} cannot be used to constrain the reply: {error}</source>
            <translation>{what}无法用于约束回复：{error}</translation>
        </message>
        <message>
            <source>The response format's JSON schema</source>
            <translation>响应格式的 JSON 模式</translation>
        </message>
        <message>
            <source>The parameters of tool {name}</source>
            <translation>工具 {name} 的参数</translation>
        </message>
        <message>
            <source>The request names tool {name}, which is not among its tools.</source>
            <translation>请求指定了工具 {name}，但它不在该请求的工具之中。</translation>
        </message>
        <message>
            <source>The response format's JSON schema is not a JSON object.</source>
            <translation>响应格式的 JSON 模式不是 JSON 对象。</translation>
        </message>
    </context>
    <context>
        <name>Hardware</name>
        <message>
            <source>This computer has a graphics card ({names}), but this build of llama.cpp runs on the CPU only, so models run slower than they could. See “GPU builds” in the README ({help}) for the one command that installs a GPU build.</source>
            <translation>这台电脑有显卡（{names}），但这个版本的 llama.cpp 只能在 CPU 上运行，模型会比应有的速度慢。请参阅 README 中的“GPU builds”（{help}），一条命令即可安装 GPU 版本。</translation>
        </message>
        <message>
            <source>llama.cpp backend: {backend}</source>
            <translation>llama.cpp 后端：{backend}</translation>
        </message>
        <message>
            <source>llama.cpp backend: {backend} (no GPU offload in this build)</source>
            <translation>llama.cpp 后端：{backend}（此版本不支持 GPU 卸载）</translation>
        </message>
        <message>
            <source>CPU: {cores} physical cores, {threads} threads</source>
            <translation>CPU：{cores} 个物理核心，{threads} 个线程</translation>
        </message>
        <message>
            <source>Memory: {total}, {available} available</source>
            <translation>内存：{total}，可用 {available}</translation>
        </message>
        <message>
            <source>, {free} free</source>
            <translation>，空闲 {free}</translation>
        </message>
        <message>
            <source>GPU: none found</source>
            <translation>GPU：未找到</translation>
        </message>
        <message>
            <source>Note: {warning}</source>
            <translation>注意：{warning}</translation>
        </message>
    </context>
    <context>
        <name>HardwareDialog</name>
        <message>
            <source>Hardware</source>
            <translation>硬件</translation>
        </message>
        <message>
            <source>Hardware report</source>
            <translation>硬件报告</translation>
        </message>
    </context>
    <context>
        <name>HardwarePicture</name>
        <message>
            <source>System memory: {free} free of {total}</source>
            <translation>系统内存：共 {total}，可用 {free}</translation>
        </message>
        <message>
            <source>GPU memory ({name}): {total}; free memory not reported</source>
            <translation>显存（{name}）：共 {total}，未报告可用量</translation>
        </message>
        <message>
            <source>GPU memory ({name}): {free} free of {total}</source>
            <translation>显存（{name}）：共 {total}，可用 {free}</translation>
        </message>
        <message>
            <source>not used by this build of llama.cpp</source>
            <translation>此 llama.cpp 版本不使用它</translation>
        </message>
        <message>
            <source>Layers: all {count} on GPU</source>
            <translation>层：全部 {count} 层在 GPU 上</translation>
        </message>
        <message>
            <source>Layers: all {count} on CPU</source>
            <translation>层：全部 {count} 层在 CPU 上</translation>
        </message>
        <message>
            <source>Layers: {gpu} on GPU · {cpu} on CPU</source>
            <translation>层：{gpu} 层在 GPU 上 · {cpu} 层在 CPU 上</translation>
        </message>
    </context>
    <context>
        <name>HardwarePictureView</name>
        <message>
            <source>Memory and layers</source>
            <translation>内存与层</translation>
        </message>
        <message>
            <source>in use</source>
            <translation>已用</translation>
        </message>
        <message>
            <source>free</source>
            <translation>可用</translation>
        </message>
        <message>
            <source>on the GPU</source>
            <translation>在 GPU 上</translation>
        </message>
        <message>
            <source>on the CPU</source>
            <translation>在 CPU 上</translation>
        </message>
    </context>
    <context>
        <name>HardwareView</name>
        <message>
            <source>Plan for {model}:</source>
            <translation>{model} 的加载方案：</translation>
        </message>
        <message>
            <source>llama.cpp build:</source>
            <translation>llama.cpp 构建信息：</translation>
        </message>
        <message>
            <source>not checked yet</source>
            <translation>尚未检查</translation>
        </message>
        <message>
            <source>About {app}</source>
            <translation>关于 {app}</translation>
        </message>
        <message>
            <source>A private, offline chat and writing assistant. Models run on this computer through llama.cpp; nothing you type leaves it.</source>
            <translation>一个私密、离线的聊天与写作助手。模型在这台电脑上通过 llama.cpp 运行；你输入的任何内容都不会离开它。</translation>
        </message>
        <message>
            <source>llama.cpp backend: {backend}</source>
            <translation>llama.cpp 后端：{backend}</translation>
        </message>
    </context>
    <context>
        <name>HistoryCheck</name>
        <message>
            <source>{app}'s history is damaged</source>
            <translation>{app} 的历史记录已损坏</translation>
        </message>
    </context>
    <context>
        <name>Hub</name>
        <message>
            <source>Most downloads</source>
            <translation>下载最多</translation>
        </message>
        <message>
            <source>Most likes</source>
            <translation>点赞最多</translation>
        </message>
        <message>
            <source>Trending</source>
            <translation>热门</translation>
        </message>
        <message>
            <source>Recently updated</source>
            <translation>最近更新</translation>
        </message>
        <message>
            <source>{url} is not a web address. A Hub address looks like {example}.</source>
            <translation>{url} 不是网址。Hub 地址形如 {example}。</translation>
        </message>
        <message>
            <source>{address} offers no search. Open a repository by its name instead (owner/name, for example Qwen/Qwen2.5-1.5B-Instruct-GGUF).</source>
            <translation>{address} 不提供搜索。请直接按名称打开仓库（所有者/名称，例如 Qwen/Qwen2.5-1.5B-Instruct-GGUF）。</translation>
        </message>
        <message>
            <source>The Hub's answer about {repo} had no commit id; it may not be a Hub server.</source>
            <translation>Hub 关于 {repo} 的答复里没有提交 ID；它可能不是 Hub 服务器。</translation>
        </message>
        <message>
            <source>Offline mode is on, so the Hub is not contacted. Turn it off in Settings to search and download.</source>
            <translation>离线模式已开启，不会连接 Hub。在“设置”中关闭它即可搜索和下载。</translation>
        </message>
        <message>
            <source>HF_HUB_OFFLINE is set, so the Hub is not contacted.</source>
            <translation>已设置 HF_HUB_OFFLINE，因此不会连接 Hub。</translation>
        </message>
        <message>
            <source>Could not reach {address} ({error}). Check the internet connection and the Hub address in Settings, or turn on offline mode to use only installed models.</source>
            <translation>无法连接 {address}（{error}）。请检查网络连接和“设置”中的 Hub 地址，或开启离线模式，只使用已安装的模型。</translation>
        </message>
        <message>
            <source>{address} sent an answer this app does not understand ({error}).</source>
            <translation>{address} 发来了本程序无法理解的答复（{error}）。</translation>
        </message>
        <message>
            <source>The Hub</source>
            <translation>Hub</translation>
        </message>
        <message>
            <source>{what} is gated and your token does not give access to it (HTTP {status}). Open {page}, accept its terms, and check that the token may read gated repositories.</source>
            <translation>{what} 是受限仓库，你的令牌没有访问权限（HTTP {status}）。请打开 {page}，接受其条款，并确认令牌可以读取受限仓库。</translation>
        </message>
        <message>
            <source>{what} is gated (HTTP {status}). Open {page} and accept its terms, then add a Hugging Face token in Settings.</source>
            <translation>{what} 是受限仓库（HTTP {status}）。请打开 {page} 并接受其条款，然后在“设置”中添加 Hugging Face 令牌。</translation>
        </message>
        <message>
            <source>The Hub refused the token for {what} (HTTP 401): the repository does not exist, or the token is wrong or expired. Check the name and the token in Settings.</source>
            <translation>Hub 拒绝了用于 {what} 的令牌（HTTP 401）：仓库不存在，或令牌有误或已过期。请在“设置”中检查名称和令牌。</translation>
        </message>
        <message>
            <source>{what} was not found, or it is private (HTTP 401). Check the name; for a private repository, add a Hugging Face token in Settings.</source>
            <translation>找不到 {what}，或它是私有仓库（HTTP 401）。请检查名称；私有仓库需要在“设置”中添加 Hugging Face 令牌。</translation>
        </message>
        <message>
            <source>{what} was not found on {address} (HTTP 404). Check the repository and file name.</source>
            <translation>在 {address} 上找不到 {what}（HTTP 404）。请检查仓库名和文件名。</translation>
        </message>
        <message>
            <source>The Hub says too many requests were made (HTTP 429). Wait a few minutes and try again.</source>
            <translation>Hub 表示请求过多（HTTP 429）。请等几分钟再试。</translation>
        </message>
        <message>
            <source>{address} had a problem (HTTP {status}). Try again in a few minutes.</source>
            <translation>{address} 出了问题（HTTP {status}）。请几分钟后再试。</translation>
        </message>
        <message>
            <source>{address} answered HTTP {status} for {what}.</source>
            <translation>{address} 对 {what} 返回了 HTTP {status}。</translation>
        </message>
        <message>
            <source>Hearth could not reach ModelScope (魔搭). Check the connection, or work offline with model files you already have.</source>
            <translation>Hearth 无法连接魔搭。请检查网络连接，或离线使用已有的模型文件。</translation>
        </message>
        <message>
            <source>Hearth could not reach the Hugging Face Hub. Check the connection, or work offline with model files you already have.</source>
            <translation>Hearth 无法连接 Hugging Face Hub。请检查网络连接，或离线使用已有的模型文件。</translation>
        </message>
    </context>
    <context>
        <name>HubToken</name>
        <message>
            <source>The token is empty.</source>
            <translation>令牌是空的。</translation>
        </message>
        <message>
            <source>A Hugging Face token has no spaces or special characters; paste it again from huggingface.co/settings/tokens.</source>
            <translation>Hugging Face 令牌不含空格或特殊字符；请从 huggingface.co/settings/tokens 重新粘贴。</translation>
        </message>
        <message>
            <source>No system keyring is available, so the token is kept only until you quit {app}.</source>
            <translation>没有可用的系统密钥环，因此令牌只保留到你退出 {app} 为止。</translation>
        </message>
        <message>
            <source>The system keyring did not keep the token, so it is kept only until you quit {app}.</source>
            <translation>系统密钥环没有保存这个令牌，因此令牌只保留到你退出 {app} 为止。</translation>
        </message>
        <message>
            <source>The system keyring could not be used ({error}; it may be locked), so the token is kept only until you quit {app}.</source>
            <translation>无法使用系统密钥环（{error}；它可能已锁定），因此令牌只保留到你退出 {app} 为止。</translation>
        </message>
    </context>
    <context>
        <name>ImageIntake</name>
        <message>
            <source>The picture could not be kept in Hearth's data folder: {reason}</source>
            <translation>无法把图片保存到 Hearth 的数据文件夹：{reason}</translation>
        </message>
    </context>
    <context>
        <name>ImagePreview</name>
        <message>
            <source>Put the picture away (its text stays)</source>
            <translation>收起图片（文字保留）</translation>
        </message>
        <message>
            <source>Close the picture</source>
            <translation>关闭图片</translation>
        </message>
        <message>
            <source>Open the picture at full size</source>
            <translation>以原始大小打开图片</translation>
        </message>
        <message>
            <source>The picture being translated</source>
            <translation>正在翻译的图片</translation>
        </message>
        <message>
            <source>{width} × {height} pixels</source>
            <translation>{width} × {height} 像素</translation>
        </message>
    </context>
    <context>
        <name>ImageSource</name>
        <message>
            <source>Translate an image…</source>
            <translation>翻译图片…</translation>
        </message>
        <message>
            <source>Translate the text in a picture: a file, a picture pasted from the clipboard, or part of the screen</source>
            <translation>翻译图片中的文字：图片文件、从剪贴板粘贴的图片，或屏幕的一部分</translation>
        </message>
        <message>
            <source>From a file…</source>
            <translation>从文件…</translation>
        </message>
        <message>
            <source>Paste a picture</source>
            <translation>粘贴图片</translation>
        </message>
        <message>
            <source>A screenshot of part of the screen…</source>
            <translation>截取屏幕的一部分…</translation>
        </message>
        <message>
            <source>The model loaded can see: it can read the picture itself, or Hearth's OCR reads its text first</source>
            <translation>已加载的模型能看图：可以让它直接读图，也可以先由 Hearth 的 OCR 读出文字</translation>
        </message>
        <message>
            <source>How the picture is read</source>
            <translation>图片的读取方式</translation>
        </message>
        <message>
            <source>Ask the model to read it</source>
            <translation>让模型读图</translation>
        </message>
        <message>
            <source>Read the text (OCR)</source>
            <translation>读取文字（OCR）</translation>
        </message>
        <message>
            <source>Translate an image</source>
            <translation>翻译图片</translation>
        </message>
        <message>
            <source>Pictures ({patterns})</source>
            <translation>图片 ({patterns})</translation>
        </message>
        <message>
            <source>There is no picture on the clipboard. Copy one, or take a screenshot with the system's tool, then paste it here.</source>
            <translation>剪贴板中没有图片。请先复制一张图片，或用系统的截图工具截图，再粘贴到这里。</translation>
        </message>
        <message>
            <source>A translation is being written: stop it or let it finish, then take the picture again.</source>
            <translation>正在写译文：请先停止它或等它写完，再重新选取图片。</translation>
        </message>
        <message>
            <source>Preparing the picture for the model…</source>
            <translation>正在为模型准备图片…</translation>
        </message>
        <message>
            <source>Reading the text in the picture…</source>
            <translation>正在读取图片中的文字…</translation>
        </message>
        <message>
            <source>This desktop does not let apps take screenshots. Take one with the system's screenshot tool, copy it, and paste it here (Ctrl+V).</source>
            <translation>此桌面不允许应用截屏。请用系统的截图工具截图并复制，再粘贴到这里（Ctrl+V）。</translation>
        </message>
    </context>
    <context>
        <name>ImageStrip</name>
        <message>
            <source>Picture {number}: {name}, {size}</source>
            <translation>图片 {number}：{name}，{size}</translation>
        </message>
        <message>
            <source>Picture {number}, {size}</source>
            <translation>图片 {number}，{size}</translation>
        </message>
        <message>
            <source>Remove this picture</source>
            <translation>移除这张图片</translation>
        </message>
        <message>
            <source>Remove picture {number}</source>
            <translation>移除图片 {number}</translation>
        </message>
    </context>
    <context>
        <name>ImageTranslation</name>
        <message>
            <source>This picture could not be opened: {reason}</source>
            <translation>无法打开这张图片：{reason}</translation>
        </message>
        <message>
            <source>The picture could not be kept in Hearth's data folder to send it to the model.</source>
            <translation>无法把图片保存到 Hearth 的数据文件夹，因此不能发给模型。</translation>
        </message>
        <message>
            <source>The text in the picture could not be read: {reason}</source>
            <translation>无法读取图片中的文字：{reason}</translation>
        </message>
        <message>
            <source>This copy of Hearth has no OCR, so it cannot read the text in a picture (Hearth installed with pip reads it). A model that sees can read it instead.</source>
            <translation>此版本的 Hearth 没有 OCR，无法读取图片中的文字（用 pip 安装的 Hearth 可以读取）。能看图的模型可以代为读取。</translation>
        </message>
        <message>
            <source>No text was found in the picture. A sharper or larger picture of the text may be read.</source>
            <translation>图片中没有找到文字。换一张更清晰或更大的文字图片也许能读出。</translation>
        </message>
    </context>
    <context>
        <name>Images</name>
        <message>
            <source>This is not a data: URL of a picture (data:image/png;base64,...).</source>
            <translation>这不是图片的 data: URL（data:image/png;base64,...）。</translation>
        </message>
        <message>
            <source>Hearth does not fetch pictures from web addresses (http:, https:): send the picture itself as a data: URL.</source>
            <translation>Hearth 不会从网址（http:、https:）获取图片：请把图片本身以 data: URL 发送。</translation>
        </message>
        <message>
            <source>Hearth does not open files named by a URL (file:): send the picture itself as a data: URL.</source>
            <translation>Hearth 不会打开以 URL（file:）指定的文件：请把图片本身以 data: URL 发送。</translation>
        </message>
        <message>
            <source>Only data: URLs of pictures are accepted, not {scheme}: URLs.</source>
            <translation>只接受图片的 data: URL，不接受 {scheme}: URL。</translation>
        </message>
        <message>
            <source>This data: URL holds {mime}, not a picture.</source>
            <translation>这个 data: URL 里是 {mime}，不是图片。</translation>
        </message>
        <message>
            <source>This data: URL is not base64-encoded.</source>
            <translation>这个 data: URL 不是 base64 编码的。</translation>
        </message>
        <message>
            <source>The picture's base64 data is damaged.</source>
            <translation>图片的 base64 数据已损坏。</translation>
        </message>
        <message>
            <source>The file is empty.</source>
            <translation>文件是空的。</translation>
        </message>
        <message>
            <source>This picture is larger than {size} MB, the most Hearth accepts.</source>
            <translation>这张图片超过 {size} MB，超出了 Hearth 能接受的上限。</translation>
        </message>
        <message>
            <source>This is not a picture Hearth can read (PNG, JPEG, WebP, GIF, BMP, TIFF).</source>
            <translation>这不是 Hearth 能读取的图片（PNG、JPEG、WebP、GIF、BMP、TIFF）。</translation>
        </message>
        <message>
            <source>This picture is larger than {size} MB, the most Hearth reads.</source>
            <translation>这张图片超过 {size} MB，超出了 Hearth 能读取的上限。</translation>
        </message>
        <message>
            <source>The file is not there any more.</source>
            <translation>文件已不在原处。</translation>
        </message>
        <message>
            <source>The file cannot be read: {reason}</source>
            <translation>无法读取文件：{reason}</translation>
        </message>
        <message>
            <source>This picture has too many pixels to open safely (more than {count} million).</source>
            <translation>这张图片像素过多，无法安全打开（超过 {count} 百万像素）。</translation>
        </message>
        <message>
            <source>Only the first frame is used: this picture is animated or has several pages.</source>
            <translation>只使用了第一帧：这张图片是动图或有多页。</translation>
        </message>
        <message>
            <source>This picture is damaged or incomplete (the file may have been cut short).</source>
            <translation>这张图片已损坏或不完整（文件可能被截断了）。</translation>
        </message>
        <message>
            <source>Made smaller to {width}×{height} pixels (it was {old_width}×{old_height}).</source>
            <translation>已缩小为 {width}×{height} 像素（原为 {old_width}×{old_height}）。</translation>
        </message>
    </context>
    <context>
        <name>InstalledView</name>
        <message>
            <source>Installed models</source>
            <translation>已安装的模型</translation>
        </message>
        <message>
            <source>Use in chat</source>
            <translation>用于聊天</translation>
        </message>
        <message>
            <source>Show file</source>
            <translation>显示文件</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Import GGUF file…</source>
            <translation>导入 GGUF 文件…</translation>
        </message>
        <message>
            <source>Models folder: {folder}</source>
            <translation>模型文件夹：{folder}</translation>
        </message>
        <message>
            <source>No models installed yet. Find one in Discover, or import a GGUF file you already have. Model files opened from elsewhere are under Model → Recent models.</source>
            <translation>还没有安装模型。可在“发现”中查找，或导入已有的 GGUF 文件。从其他位置打开的模型文件在“模型 → 最近的模型”中。</translation>
        </message>
        <message>
            <source>reads images</source>
            <translation>能看图片</translation>
        </message>
        <message>
            <source>linked file</source>
            <translation>链接的文件</translation>
        </message>
        <message>
            <source>imported</source>
            <translation>已导入</translation>
        </message>
        <message>
            <source>Cannot be used: {problem}</source>
            <translation>无法使用：{problem}</translation>
        </message>
        <message>
            <source>The models folder could not be read: {error}</source>
            <translation>无法读取模型文件夹：{error}</translation>
        </message>
        <message>
            <source>Find a model</source>
            <translation>查找模型</translation>
        </message>
        <message>
            <source>{tokens} tokens of context</source>
            <translation>上下文 {tokens} 个词元</translation>
        </message>
        <message>
            <source>in use</source>
            <translation>使用中</translation>
        </message>
        <message>
            <source>{file} cannot be used: {problem}. Delete it and download it again.</source>
            <translation>{file} 无法使用：{problem}。请删除它并重新下载。</translation>
        </message>
        <message numerus="yes">
            <source>%n parts</source>
            <translation>
                <numerusform>%n 个分卷</numerusform>
            </translation>
        </message>
        <message>
            <source>Reads images, with the projector {file}.</source>
            <translation>能看图片，使用投影文件 {file}。</translation>
        </message>
        <message>
            <source>Cannot read images: {problem}</source>
            <translation>不能看图片：{problem}</translation>
        </message>
        <message>
            <source>{path}, a link to {target}</source>
            <translation>{path}，链接到 {target}</translation>
        </message>
        <message>
            <source>No file manager opened the folder. The file is here:</source>
            <translation>没有文件管理器打开这个文件夹。文件在这里：</translation>
        </message>
        <message>
            <source>Copy path</source>
            <translation>复制路径</translation>
        </message>
        <message>
            <source>Model in use</source>
            <translation>模型正在使用</translation>
        </message>
        <message>
            <source>{model} is loaded. Load another model first.</source>
            <translation>{model} 已加载。请先加载另一个模型。</translation>
        </message>
        <message>
            <source>Delete the link to {file}? The file itself stays where it is.</source>
            <translation>删除指向 {file} 的链接？文件本身会留在原处。</translation>
        </message>
        <message>
            <source>Delete {file}? {size} will be freed.</source>
            <translation>删除 {file}？将释放 {size}。</translation>
        </message>
        <message>
            <source>Delete model</source>
            <translation>删除模型</translation>
        </message>
        <message>
            <source>{file} could not be deleted: {error}</source>
            <translation>无法删除 {file}：{error}</translation>
        </message>
        <message>
            <source>Import a GGUF model</source>
            <translation>导入 GGUF 模型</translation>
        </message>
        <message>
            <source>GGUF models (*.gguf)</source>
            <translation>GGUF 模型 (*.gguf)</translation>
        </message>
        <message>
            <source>Import model</source>
            <translation>导入模型</translation>
        </message>
        <message>
            <source>Copy the file into the models folder, or link to it where it is?</source>
            <translation>把文件复制到模型文件夹，还是在原处链接它？</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>链接</translation>
        </message>
        <message>
            <source>A link takes no space, but the model disappears from the list if the file moves.</source>
            <translation>链接不占空间，但文件一旦移动，模型就会从列表中消失。</translation>
        </message>
        <message>
            <source>Importing {file}…</source>
            <translation>正在导入 {file}…</translation>
        </message>
        <message>
            <source>Imported {file}.</source>
            <translation>已导入 {file}。</translation>
        </message>
        <message>
            <source>Not imported: {error}</source>
            <translation>未导入：{error}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Panes</source>
            <translation>窗格</translation>
        </message>
        <message>
            <source>&amp;Chat</source>
            <translation>聊天(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Drafting</source>
            <translation>写作(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Translation</source>
            <translation>翻译(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Models</source>
            <translation>模型(&amp;M)</translation>
        </message>
        <message>
            <source>Open a GGUF model</source>
            <translation>打开 GGUF 模型</translation>
        </message>
        <message>
            <source>GGUF models (*.gguf);;All files (*)</source>
            <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
        </message>
    </context>
    <context>
        <name>Markdown</name>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
    </context>
    <context>
        <name>McpServersDialog</name>
        <message>
            <source>MCP servers</source>
            <translation>MCP 服务器</translation>
        </message>
        <message>
            <source>Servers</source>
            <translation>服务器</translation>
        </message>
        <message>
            <source>New server</source>
            <translation>新建服务器</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Tools you always allow</source>
            <translation>你始终允许的工具</translation>
        </message>
        <message>
            <source>Tools you always allow (each until it, or its server, changes):</source>
            <translation>你始终允许的工具（各自有效，直到该工具或其服务器发生变化）：</translation>
        </message>
        <message>
            <source>Take back</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>npx, uvx, python, or a program's path</source>
            <translation>npx、uvx、python 或程序的路径</translation>
        </message>
        <message>
            <source>As you would type them after the command; quote one with spaces</source>
            <translation>按在命令后输入的方式填写；含空格的参数请加引号</translation>
        </message>
        <message>
            <source>Optional</source>
            <translation>可选</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>名称：</translation>
        </message>
        <message>
            <source>Command:</source>
            <translation>命令：</translation>
        </message>
        <message>
            <source>Arguments:</source>
            <translation>参数：</translation>
        </message>
        <message>
            <source>Working folder:</source>
            <translation>工作文件夹：</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Start again</source>
            <translation>重新启动</translation>
        </message>
        <message>
            <source>Run this command</source>
            <translation>运行此命令</translation>
        </message>
        <message>
            <source>Not now</source>
            <translation>暂不</translation>
        </message>
        <message>
            <source>Hearth will run this program on your computer, with your permissions, to start the server. It gets no API keys or tokens from Hearth. Run it only if you trust it:</source>
            <translation>Hearth 将以你的权限在你的电脑上运行此程序来启动服务器。它不会从 Hearth 获得任何 API 密钥或令牌。请仅在信任它时运行：</translation>
        </message>
        <message>
            <source>{server} — {state}</source>
            <translation>{server} — {state}</translation>
        </message>
        <message>
            <source>waiting for your approval</source>
            <translation>等待你的批准</translation>
        </message>
        <message>
            <source>starting</source>
            <translation>正在启动</translation>
        </message>
        <message numerus="yes">
            <source>%n tool(s)</source>
            <translation>
                <numerusform>%n 个工具</numerusform>
            </translation>
        </message>
        <message>
            <source>failed</source>
            <translation>启动失败</translation>
        </message>
        <message>
            <source>Running. Its tools: {tools}</source>
            <translation>正在运行。其工具：{tools}</translation>
        </message>
        <message>
            <source>Hearth</source>
            <translation>Hearth</translation>
        </message>
        <message>
            <source>{tool} ({server})</source>
            <translation>{tool}（{server}）</translation>
        </message>
        <message>
            <source>The folder the server starts in</source>
            <translation>服务器启动时所在的文件夹</translation>
        </message>
        <message>
            <source>The arguments have a quote that is not closed.</source>
            <translation>参数中有未闭合的引号。</translation>
        </message>
        <message>
            <source>There is no folder “{folder}”.</source>
            <translation>文件夹“{folder}”不存在。</translation>
        </message>
        <message>
            <source>The server could not be saved: {reason}</source>
            <translation>无法保存该服务器：{reason}</translation>
        </message>
        <message>
            <source>The approval could not be saved: {reason}</source>
            <translation>无法保存批准：{reason}</translation>
        </message>
        <message>
            <source>The server could not be removed: {reason}</source>
            <translation>无法移除该服务器：{reason}</translation>
        </message>
        <message>
            <source>The grant could not be taken back: {reason}</source>
            <translation>无法撤回该授权：{reason}</translation>
        </message>
    </context>
    <context>
        <name>MemoryBar</name>
        <message>
            <source>Weights</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>KV cache</source>
            <translation>KV 缓存</translation>
        </message>
        <message>
            <source>Buffers</source>
            <translation>缓冲区</translation>
        </message>
        <message>
            <source>{part} {size}</source>
            <translation>{part} {size}</translation>
        </message>
        <message>
            <source>{size} free on {gpu}</source>
            <translation>{gpu} 上空闲 {size}</translation>
        </message>
        <message>
            <source>{size} free</source>
            <translation>空闲 {size}</translation>
        </message>
        <message>
            <source>{size} more than is free</source>
            <translation>超出空闲内存 {size}</translation>
        </message>
        <message>
            <source>Memory needed and memory free</source>
            <translation>所需内存与空闲内存</translation>
        </message>
    </context>
    <context>
        <name>MemoryFit</name>
        <message>
            <source>fits</source>
            <translation>装得下</translation>
        </message>
        <message>
            <source>tight</source>
            <translation>勉强</translation>
        </message>
        <message>
            <source>too big</source>
            <translation>太大</translation>
        </message>
        <message>
            <source>Fits: needs about {amount} with a {tokens}-token conversation{how}; {free} is free.</source>
            <translation>装得下：在 {tokens} 个词元的对话中约需 {amount}{how}；当前空闲 {free}。</translation>
        </message>
        <message>
            <source>Tight: needs about {amount} with a {tokens}-token conversation{how}, and {free} is free. Close other programs first, or pick a smaller quantization.</source>
            <translation>勉强：在 {tokens} 个词元的对话中约需 {amount}{how}，当前空闲 {free}。请先关闭其他程序，或选择更小的量化。</translation>
        </message>
        <message>
            <source>Too big: needs about {amount} with a {tokens}-token conversation{how}; this computer has {total} in all. Pick a smaller model or quantization.</source>
            <translation>太大：在 {tokens} 个词元的对话中约需 {amount}{how}；这台电脑总共只有 {total}。请选择更小的模型或量化。</translation>
        </message>
        <message>
            <source> (estimated from the file size)</source>
            <translation>（根据文件大小估算）</translation>
        </message>
        <message>
            <source>Fits on {gpu}: needs about {amount} with a {tokens}-token conversation{how}; {free} is free there.</source>
            <translation>可放在 {gpu} 上：在 {tokens} 个词元的对话中约需 {amount}{how}；那里空闲 {free}。</translation>
        </message>
        <message>
            <source> Part of it can run on {gpu}.</source>
            <translation>其中一部分可以在 {gpu} 上运行。</translation>
        </message>
    </context>
    <context>
        <name>MessageActions</name>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy this message</source>
            <translation>复制这条消息</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>Edit and resend; the current version is kept</source>
            <translation>编辑后重新发送；当前版本会保留</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <source>Write another version of this reply; this one is kept</source>
            <translation>为这条回复再写一个版本；这个版本会保留</translation>
        </message>
        <message>
            <source>Previous version</source>
            <translation>上一个版本</translation>
        </message>
        <message>
            <source>Show the previous version of this message</source>
            <translation>显示这条消息的上一个版本</translation>
        </message>
        <message>
            <source>Next version</source>
            <translation>下一个版本</translation>
        </message>
        <message>
            <source>Show the next version of this message</source>
            <translation>显示这条消息的下一个版本</translation>
        </message>
        <message>
            <source>Version {index} of {count}</source>
            <translation>第 {index} 个版本，共 {count} 个</translation>
        </message>
    </context>
    <context>
        <name>MessageWidget</name>
        <message>
            <source>You</source>
            <translation>你</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>助手</translation>
        </message>
        <message>
            <source>No answer: the reply ended while the model was still thinking. Open its thinking above, or regenerate the reply.</source>
            <translation>没有答案：回复结束时模型仍在思考。可以展开上方的思考内容，或重新生成回复。</translation>
        </message>
        <message>
            <source>Sources</source>
            <translation>来源</translation>
        </message>
        <message numerus="yes">
            <source>The reply cites {numbers}, not among its %n source(s): the model made that up.</source>
            <translation>
                <numerusform>回复引用了 {numbers}，但它只有 %n 个来源：这是模型编造的。</numerusform>
            </translation>
        </message>
        <message>
            <source>Edited message</source>
            <translation>编辑后的消息</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Save &amp;&amp; send</source>
            <translation>保存并发送</translation>
        </message>
    </context>
    <context>
        <name>MistakesDialog</name>
        <message>
            <source>My recurring mistakes</source>
            <translation>我常犯的错误</translation>
        </message>
        <message>
            <source>Keep the corrections I accept from Feedback, to show what comes back (on this computer only)</source>
            <translation>保存我从写作反馈中接受的修改，以显示反复出现的错误（只保存在这台电脑上）</translation>
        </message>
        <message>
            <source>Language of the texts</source>
            <translation>文本语言</translation>
        </message>
        <message>
            <source>Recurring mistakes</source>
            <translation>反复出现的错误</translation>
        </message>
        <message>
            <source>Clear all</source>
            <translation>全部清除</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>English texts</source>
            <translation>英文文本</translation>
        </message>
        <message>
            <source>Chinese texts</source>
            <translation>中文文本</translation>
        </message>
        <message>
            <source>Nothing kept yet.

Run Feedback on a draft and accept its corrections; with keeping switched on above, they are counted here by kind, and what you get wrong more than once is shown with the sentences it came from.</source>
            <translation>还没有保存任何内容。

对草稿运行“写作反馈”并接受其中的修改；在上方开启保存后，这些修改会按类别计数，反复出错的地方会连同出处的句子一起列出。</translation>
        </message>
        <message>
            <source>Keeping is off, so nothing is kept.

Switch it on above to see, over your drafts, which kinds of mistake come back.</source>
            <translation>保存已关闭，因此不会保存任何内容。

在上方开启后，可以看到在你的各篇草稿中，哪些类别的错误会反复出现。</translation>
        </message>
        <message numerus="yes">
            <source>%n time(s)</source>
            <translation>
                <numerusform>%n 次</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, in %n draft(s)</source>
            <translation>
                <numerusform>，出现在 %n 篇草稿中</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>“{original}” → “{corrected}”, %n time(s)</source>
            <translation>
                <numerusform>“{original}” → “{corrected}”，%n 次</numerusform>
            </translation>
        </message>
        <message>
            <source>Latest: “{original}” → “{corrected}”</source>
            <translation>最近一次：“{original}”→“{corrected}”</translation>
        </message>
        <message>
            <source>The choice was not kept. {advice}</source>
            <translation>此选择未能保存。{advice}</translation>
        </message>
        <message>
            <source>From now on, the corrections you accept from Feedback are kept.</source>
            <translation>从现在起，你从写作反馈中接受的修改都会保存。</translation>
        </message>
        <message>
            <source>From now on, nothing more is kept; what was kept stays until you clear it.</source>
            <translation>从现在起不再保存；已保存的内容会保留，直到你清除。</translation>
        </message>
        <message>
            <source>Nothing was cleared. {advice}</source>
            <translation>未清除任何内容。{advice}</translation>
        </message>
        <message>
            <source>Cleared {count} kept corrections.</source>
            <translation>已清除 {count} 条保存的修改。</translation>
        </message>
        <message>
            <source>Export my recurring mistakes</source>
            <translation>导出我常犯的错误</translation>
        </message>
        <message>
            <source>JSON (*.json)</source>
            <translation>JSON (*.json)</translation>
        </message>
        <message>
            <source>Could not write {file}: {error}</source>
            <translation>无法写入 {file}：{error}</translation>
        </message>
        <message>
            <source>Exported to {file}.</source>
            <translation>已导出到 {file}。</translation>
        </message>
    </context>
    <context>
        <name>MistakesKeeper</name>
        <message>
            <source>The corrections were applied, but not added to your recurring mistakes. {advice}</source>
            <translation>修改已应用，但未加入你常犯的错误记录。{advice}</translation>
        </message>
    </context>
    <context>
        <name>ModelDialogs</name>
        <message>
            <source>{name} · {quantization} (opened file)</source>
            <translation>{name} · {quantization}（打开的文件）</translation>
        </message>
        <message>
            <source>{model} (server)</source>
            <translation>{model}（服务器）</translation>
        </message>
    </context>
    <context>
        <name>ModelLibrary</name>
        <message>
            <source>{file} is an image projector (mmproj), not a model. Import the model beside it: the projector comes along.</source>
            <translation>{file} 是图像投影文件（mmproj），不是模型。请导入它旁边的模型：投影文件会一起导入。</translation>
        </message>
        <message>
            <source>This model is split into {count} files and {missing} is missing next to the first one.</source>
            <translation>这个模型分成 {count} 个文件，第一个文件旁边缺少 {missing}。</translation>
        </message>
        <message>
            <source>A model named {file} is already in the library.</source>
            <translation>库中已有名为 {file} 的模型。</translation>
        </message>
        <message>
            <source>Could not link {file} into the library: {error}.</source>
            <translation>无法把 {file} 链接到库中：{error}。</translation>
        </message>
        <message>
            <source>Could not copy {file} into the library: {error}.</source>
            <translation>无法把 {file} 复制到库中：{error}。</translation>
        </message>
    </context>
    <context>
        <name>ModelNote</name>
        <message>
            <source>Loading the model</source>
            <translation>正在加载模型</translation>
        </message>
        <message>
            <source>Choose another model</source>
            <translation>选择其他模型</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Loading {model}…</source>
            <translation>正在加载 {model}…</translation>
        </message>
        <message>
            <source>Loading the model…</source>
            <translation>正在加载模型…</translation>
        </message>
        <message>
            <source>The engine stopped and is loading the model again; your conversation is kept.</source>
            <translation>引擎已停止，正在重新加载模型；你的对话会保留。</translation>
        </message>
        <message>
            <source>The model could not be loaded.</source>
            <translation>无法加载模型。</translation>
        </message>
    </context>
    <context>
        <name>ModelPicker</name>
        <message>
            <source>{model} is loaded. Choose another model…</source>
            <translation>已加载 {model}。可选择其他模型…</translation>
        </message>
        <message>
            <source>Model: {model}</source>
            <translation>模型：{model}</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
        <message>
            <source>Loading {model}… Choose another model…</source>
            <translation>正在加载 {model}… 可选择其他模型…</translation>
        </message>
        <message>
            <source>Model: loading {model}</source>
            <translation>模型：正在加载 {model}</translation>
        </message>
        <message>
            <source>Choose a model</source>
            <translation>选择模型</translation>
        </message>
        <message>
            <source>No model is loaded. Choose one to chat with.</source>
            <translation>未加载模型。选一个模型来聊天。</translation>
        </message>
        <message>
            <source>Installed models</source>
            <translation>已安装的模型</translation>
        </message>
        <message>
            <source>Recently opened files</source>
            <translation>最近打开的文件</translation>
        </message>
        <message>
            <source>No models yet</source>
            <translation>还没有模型</translation>
        </message>
        <message>
            <source>Open a model file…</source>
            <translation>打开模型文件…</translation>
        </message>
        <message>
            <source>Find models…</source>
            <translation>查找模型…</translation>
        </message>
    </context>
    <context>
        <name>ModelScope</name>
        <message>
            <source>Offline mode is on, so ModelScope is not contacted. Turn it off in Settings to search and download.</source>
            <translation>离线模式已开启，因此不会连接魔搭。要搜索和下载，请在设置中关闭离线模式。</translation>
        </message>
        <message>
            <source>ModelScope's answer about {repo} had no commit id; it may not be ModelScope.</source>
            <translation>魔搭关于 {repo} 的回应中没有提交 ID；这个地址可能不是魔搭。</translation>
        </message>
        <message>
            <source>Could not reach {address} ({error}). Check the internet connection and the ModelScope address in Settings, or turn on offline mode to use only installed models.</source>
            <translation>无法连接 {address}（{error}）。请检查网络连接和设置中的魔搭地址，或开启离线模式，只使用已安装的模型。</translation>
        </message>
        <message>
            <source>{address} does not answer as ModelScope does (HTTP {status}, {kind}): check the ModelScope address in Settings.</source>
            <translation>{address} 的回应与魔搭不同（HTTP {status}，{kind}）：请检查设置中的魔搭地址。</translation>
        </message>
        <message>
            <source>It asks to wait {seconds} seconds.</source>
            <translation>它要求等待 {seconds} 秒。</translation>
        </message>
        <message>
            <source>(ModelScope said: {said})</source>
            <translation>（魔搭返回：{said}）</translation>
        </message>
        <message>
            <source>{address} sent an answer this app does not understand ({error}).</source>
            <translation>{address} 返回了本应用无法理解的内容（{error}）。</translation>
        </message>
        <message>
            <source>ModelScope</source>
            <translation>魔搭</translation>
        </message>
        <message>
            <source>ModelScope refused the token for {what} (HTTP {status}): the repository is private to others, or the token is wrong or expired. Check the name and the ModelScope token in Settings.</source>
            <translation>魔搭拒绝了用于 {what} 的令牌（HTTP {status}）：该仓库对你不公开，或令牌有误或已过期。请检查名称和设置中的魔搭令牌。</translation>
        </message>
        <message>
            <source>{what} was not found on ModelScope, or it is private (HTTP {status}). Check the name on {page}; for a private repository, add a ModelScope token in Settings.</source>
            <translation>在魔搭上找不到 {what}，或它是私有的（HTTP {status}）。请在 {page} 核对名称；如是私有仓库，请在设置中添加魔搭令牌。</translation>
        </message>
        <message>
            <source>{what} was not found on ModelScope (HTTP 404). Check the repository and file name.</source>
            <translation>在魔搭上找不到 {what}（HTTP 404）。请检查仓库和文件名。</translation>
        </message>
        <message>
            <source>ModelScope says too many requests were made (HTTP 429). Wait a few minutes and try again.</source>
            <translation>魔搭表示请求过于频繁（HTTP 429）。请等几分钟再试。</translation>
        </message>
        <message>
            <source>{address} had a problem (HTTP {status}). Try again in a few minutes.</source>
            <translation>{address} 出现了问题（HTTP {status}）。请几分钟后再试。</translation>
        </message>
        <message>
            <source>{address} answered HTTP {status} for {what}.</source>
            <translation>{address} 对 {what} 返回了 HTTP {status}。</translation>
        </message>
        <message>
            <source>{url} is not a web address. ModelScope's looks like {example}.</source>
            <translation>{url} 不是网址。魔搭的地址形如 {example}。</translation>
        </message>
    </context>
    <context>
        <name>ModelSettingsDialog</name>
        <message>
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Model settings</source>
            <translation>模型设置</translation>
        </message>
        <message>
            <source>0 always picks the likeliest word; higher values write more freely</source>
            <translation>0 总是选最可能的词；值越高写得越自由</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>关</translation>
        </message>
        <message>
            <source>Leaves out words less likely than this share of the likeliest one</source>
            <translation>排除可能性低于最可能词这一比例的词</translation>
        </message>
        <message>
            <source>Above 1, words used in the last 64 tokens are less likely to come again</source>
            <translation>大于 1 时，最近 64 个词元中用过的词更不容易再次出现</translation>
        </message>
        <message>
            <source>Random</source>
            <translation>随机</translation>
        </message>
        <message>
            <source>A fixed seed gives the same reply to the same prompt and settings</source>
            <translation>固定种子在同样的提示和设置下给出同样的回复</translation>
        </message>
        <message>
            <source>How many of the model's layers run on the GPU; the highest value puts all of them there, 0 runs on the CPU</source>
            <translation>模型有多少层在 GPU 上运行；最大值表示全部放到 GPU，0 表示在 CPU 上运行</translation>
        </message>
        <message>
            <source>f16 (most precise)</source>
            <translation>f16（最精确）</translation>
        </message>
        <message>
            <source>q8_0 (half the memory)</source>
            <translation>q8_0（一半内存）</translation>
        </message>
        <message>
            <source>q4_0 (a quarter)</source>
            <translation>q4_0（四分之一）</translation>
        </message>
        <message>
            <source>Auto: one thread per physical core</source>
            <translation>自动：每个物理核心一个线程</translation>
        </message>
        <message>
            <source>Tokens read per step when the model reads a prompt. Auto: 2,048 on a GPU, 512 on the CPU</source>
            <translation>模型读取提示时每步读入的词元数。自动：GPU 上 2,048，CPU 上 512</translation>
        </message>
        <message>
            <source>Auto (on with a GPU)</source>
            <translation>自动（有 GPU 时开启）</translation>
        </message>
        <message>
            <source>On</source>
            <translation>开</translation>
        </message>
        <message>
            <source>Auto (as the model's template decides)</source>
            <translation>自动（由模型的模板决定）</translation>
        </message>
        <message>
            <source>The most tokens a reply may spend thinking; then the model is made to answer. The reply's own length is counted apart.</source>
            <translation>一次回复最多可用于思考的词元数；用完后模型会被要求作答。回复本身的长度另行计算。</translation>
        </message>
        <message>
            <source>This model's chat template has no thinking.</source>
            <translation>此模型的对话模板不支持思考。</translation>
        </message>
        <message>
            <source>This model always thinks: its template has no switch to turn it off, so Off cannot stop it. Its thinking is kept apart from the answer.</source>
            <translation>此模型总是会思考：它的模板没有关闭思考的开关，因此“关”无法阻止它。它的思考内容与答案分开保存。</translation>
        </message>
        <message>
            <source>Temperature:</source>
            <translation>温度：</translation>
        </message>
        <message>
            <source>Top-p:</source>
            <translation>Top-p：</translation>
        </message>
        <message>
            <source>Top-k:</source>
            <translation>Top-k：</translation>
        </message>
        <message>
            <source>Min-p:</source>
            <translation>Min-p：</translation>
        </message>
        <message>
            <source>Repeat penalty:</source>
            <translation>重复惩罚：</translation>
        </message>
        <message>
            <source>Seed:</source>
            <translation>种子：</translation>
        </message>
        <message>
            <source>Longest reply (tokens):</source>
            <translation>最长回复（词元）：</translation>
        </message>
        <message>
            <source>Thinking:</source>
            <translation>思考：</translation>
        </message>
        <message>
            <source>Thinking budget (tokens):</source>
            <translation>思考预算（词元）：</translation>
        </message>
        <message>
            <source>Context length (tokens):</source>
            <translation>上下文长度（词元）：</translation>
        </message>
        <message>
            <source>Layers on the GPU:</source>
            <translation>GPU 上的层数：</translation>
        </message>
        <message>
            <source>KV cache type:</source>
            <translation>KV 缓存类型：</translation>
        </message>
        <message>
            <source>Advanced</source>
            <translation>高级</translation>
        </message>
        <message>
            <source>Threads:</source>
            <translation>线程数：</translation>
        </message>
        <message>
            <source>Batch size (tokens):</source>
            <translation>批大小（词元）：</translation>
        </message>
        <message>
            <source>Flash attention:</source>
            <translation>Flash Attention：</translation>
        </message>
        <message>
            <source>This model runs on a server, which decides how it is loaded.</source>
            <translation>此模型运行在服务器上，由服务器决定如何加载。</translation>
        </message>
        <message>
            <source>This model was trained on up to {context} tokens. Changing a load setting reloads the model.</source>
            <translation>这个模型训练时最多使用 {context} 个词元。更改加载设置会重新加载模型。</translation>
        </message>
        <message>
            <source>Chosen now: {plan}</source>
            <translation>当前方案：{plan}</translation>
        </message>
    </context>
    <context>
        <name>ModelsPane</name>
        <message>
            <source>Discover</source>
            <translation>发现</translation>
        </message>
        <message>
            <source>Installed</source>
            <translation>已安装</translation>
        </message>
        <message>
            <source>Offline mode is on: the Hub is not contacted. Installed models work as usual; turn it off in Settings to search and download.</source>
            <translation>离线模式已开启：不会连接 Hub。已安装的模型照常可用；在“设置”中关闭它即可搜索和下载。</translation>
        </message>
        <message>
            <source>Import GGUF file…</source>
            <translation>导入 GGUF 文件…</translation>
        </message>
        <message>
            <source>Models: discover, downloads, installed</source>
            <translation>模型：发现、下载、已安装</translation>
        </message>
        <message>
            <source>Downloading {model} and its image projector…</source>
            <translation>正在下载 {model} 及其图像投影文件…</translation>
        </message>
        <message>
            <source>Downloading {model}…</source>
            <translation>正在下载 {model}…</translation>
        </message>
        <message>
            <source>Installed the image projector {file}: the models beside it read images.</source>
            <translation>已安装图像投影文件 {file}：它旁边的模型现在能看图片。</translation>
        </message>
        <message>
            <source>Installed {file}. Select it in Installed and press “Use in chat”.</source>
            <translation>已安装 {file}。在“已安装”中选中它，然后点“用于聊天”。</translation>
        </message>
        <message>
            <source>Downloads ({count})</source>
            <translation>下载（{count}）</translation>
        </message>
        <message>
            <source>Downloads</source>
            <translation>下载</translation>
        </message>
    </context>
    <context>
        <name>OffloadPlan</name>
        <message>
            <source>Too big for this computer: even on the CPU with a {tokens}-token context it needs about {cpu} of memory.</source>
            <translation>对这台电脑来说太大：即使只用 CPU、上下文 {tokens} 个词元，也需要约 {cpu} 内存。</translation>
        </message>
        <message>
            <source>Fits on {device}: all layers, {tokens}-token context, about {gpu} of GPU memory.</source>
            <translation>可放在 {device} 上：全部层，上下文 {tokens} 个词元，约需 {gpu} 显存。</translation>
        </message>
        <message>
            <source>Partly on {device}: {layers} of {all} layers with a {tokens}-token context; the rest takes about {cpu} of system memory.</source>
            <translation>部分在 {device} 上：{all} 层中的 {layers} 层，上下文 {tokens} 个词元；其余部分约需 {cpu} 系统内存。</translation>
        </message>
        <message>
            <source>Fits on the CPU: {tokens}-token context, about {cpu} of memory.</source>
            <translation>可在 CPU 上运行：上下文 {tokens} 个词元，约需 {cpu} 内存。</translation>
        </message>
        <message>
            <source>all layers on {device}</source>
            <translation>全部层在 {device} 上</translation>
        </message>
        <message>
            <source>{layers} of {all} layers on {device}</source>
            <translation>{all} 层中的 {layers} 层在 {device} 上</translation>
        </message>
        <message>
            <source>CPU only</source>
            <translation>仅 CPU</translation>
        </message>
        <message>
            <source>Layers: {where}</source>
            <translation>层：{where}</translation>
        </message>
        <message>
            <source>Context: {tokens} tokens, KV cache {kv}</source>
            <translation>上下文：{tokens} 个词元，KV 缓存 {kv}</translation>
        </message>
        <message>
            <source>GPU memory: {size}</source>
            <translation>显存：{size}</translation>
        </message>
        <message>
            <source>System memory: {size}</source>
            <translation>系统内存：{size}</translation>
        </message>
        <message>
            <source>Fits.</source>
            <translation>装得下。</translation>
        </message>
        <message>
            <source>Does not fit this computer, even on the CPU at the smallest context.</source>
            <translation>装不进这台电脑，即使只用 CPU、用最小的上下文也不行。</translation>
        </message>
        <message>
            <source>The whole model does not fit in {gpu}'s free memory; layers on the CPU: {count}.</source>
            <translation>整个模型放不进 {gpu} 的空闲显存；在 CPU 上的层数：{count}。</translation>
        </message>
        <message>
            <source>Not even one layer fits in {gpu}'s free memory; the model runs on the CPU.</source>
            <translation>{gpu} 的空闲显存连一层都放不下；模型将在 CPU 上运行。</translation>
        </message>
    </context>
    <context>
        <name>PictureViewer</name>
        <message>
            <source>Fit to window</source>
            <translation>适应窗口</translation>
        </message>
        <message>
            <source>{width} × {height} pixels</source>
            <translation>{width} × {height} 像素</translation>
        </message>
    </context>
    <context>
        <name>Profile</name>
        <message>
            <source>A profile must be an object with named fields.</source>
            <translation>个人资料必须是带有命名字段的对象。</translation>
        </message>
        <message>
            <source>The profile's field "{field}" must be text of at most {limit} characters.</source>
            <translation>个人资料的字段 "{field}" 必须是不超过 {limit} 个字符的文本。</translation>
        </message>
        <message>
            <source>The profile's field "{field}" cannot be "{value}".</source>
            <translation>个人资料的字段 "{field}" 不能是 "{value}"。</translation>
        </message>
        <message>
            <source>The words to keep must be a list of words.</source>
            <translation>要保留的词必须是一个词语列表。</translation>
        </message>
        <message>
            <source>The glossary must be a list of [term, translation] pairs.</source>
            <translation>术语表必须是 [术语, 译法] 对的列表。</translation>
        </message>
        <message>
            <source>A profile needs a name.</source>
            <translation>个人资料需要一个名称。</translation>
        </message>
        <message>
            <source>My profile</source>
            <translation>我的资料</translation>
        </message>
        <message>
            <source>This file is not a profiles export ({error}).</source>
            <translation>这个文件不是个人资料的导出文件（{error}）。</translation>
        </message>
        <message>
            <source>This file is not a profiles export from Hearth.</source>
            <translation>这个文件不是 Hearth 导出的个人资料。</translation>
        </message>
    </context>
    <context>
        <name>ProfileMenuItems</name>
        <message>
            <source>Use my profile “{name}”</source>
            <translation>使用我的个人资料“{name}”</translation>
        </message>
        <message>
            <source>Use my profile (none is in use: Settings › Profile)</source>
            <translation>使用我的个人资料（尚未启用：设置 › 个人资料）</translation>
        </message>
        <message>
            <source>Suggest profile entries from this text…</source>
            <translation>从这段文字建议个人资料条目…</translation>
        </message>
        <message>
            <source>The choice was not kept. {advice}</source>
            <translation>此选择未能保存。{advice}</translation>
        </message>
        <message>
            <source>Drafting now uses your profile.</source>
            <translation>写作现在会使用你的个人资料。</translation>
        </message>
        <message>
            <source>Drafting now leaves your profile out.</source>
            <translation>写作现在不使用你的个人资料。</translation>
        </message>
    </context>
    <context>
        <name>ProfilePage</name>
        <message>
            <source>Profile in use</source>
            <translation>使用中的个人资料</translation>
        </message>
        <message>
            <source>New…</source>
            <translation>新建…</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>重命名…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>What the model is told in Chat</source>
            <translation>在聊天中告诉模型的内容</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>导入…</translation>
        </message>
        <message>
            <source>Profile in use:</source>
            <translation>使用中的个人资料：</translation>
        </message>
        <message>
            <source>What the model is told in Chat:</source>
            <translation>在聊天中告诉模型的内容：</translation>
        </message>
        <message>
            <source>Name and role:</source>
            <translation>姓名与身份：</translation>
        </message>
        <message>
            <source>Preferred tone:</source>
            <translation>偏好的语气：</translation>
        </message>
        <message>
            <source>Chinese:</source>
            <translation>中文：</translation>
        </message>
        <message>
            <source>English spelling:</source>
            <translation>英文拼写：</translation>
        </message>
        <message>
            <source>Sign-off:</source>
            <translation>署名：</translation>
        </message>
        <message>
            <source>Words never to change:</source>
            <translation>永不改动的词：</translation>
        </message>
        <message>
            <source>Glossary:</source>
            <translation>术语表：</translation>
        </message>
        <message>
            <source>e.g. Li Wei, product manager at Acme</source>
            <translation>例如：李伟，某公司产品经理</translation>
        </message>
        <message>
            <source>e.g. Best regards,
Li Wei</source>
            <translation>例如：此致
敬礼，李伟</translation>
        </message>
        <message>
            <source>One per line: names, brands, products</source>
            <translation>每行一个：人名、品牌、产品</translation>
        </message>
        <message>
            <source>One per line: term = translation
e.g. Hearth = 炉边</source>
            <translation>每行一条：术语 = 译法
例如：Hearth = 炉边</translation>
        </message>
        <message>
            <source>None: no profile is applied</source>
            <translation>无：不使用个人资料</translation>
        </message>
        <message>
            <source>No preference</source>
            <translation>无偏好</translation>
        </message>
        <message>
            <source>Simplified (简体)</source>
            <translation>简体</translation>
        </message>
        <message>
            <source>Traditional (繁體)</source>
            <translation>繁体（繁體）</translation>
        </message>
        <message>
            <source>American (color)</source>
            <translation>美式拼写</translation>
        </message>
        <message>
            <source>British (colour)</source>
            <translation>英式拼写</translation>
        </message>
        <message>
            <source>A profile is applied in Chat (each conversation can leave it out: System prompt…), in Drafting's Compose, actions and Feedback, and in Translation, where its words and terms join the glossary. Only you write it: Drafting › More › Suggest profile entries… lets the model propose entries, which you confirm. It is kept in the app's database, with its backups.</source>
            <translation>个人资料用于聊天（每个对话都可在“系统提示词…”中不使用它）、写作的撰写、各项操作和反馈，以及翻译（其中要保留的词和术语会并入术语表）。它只由你填写：写作 › 更多 › 从这段文字建议个人资料条目… 可让模型提出条目，由你确认。它保存在应用的数据库中，随备份一起保存。</translation>
        </message>
        <message>
            <source>Glossary line {lines} is not “term = translation”: correct it or remove it.</source>
            <translation>术语表第 {lines} 行不是“术语 = 译法”的格式：请改正或删除。</translation>
        </message>
        <message>
            <source>Glossary lines {lines} are not “term = translation”: correct them or remove them.</source>
            <translation>术语表第 {lines} 行不是“术语 = 译法”的格式：请改正或删除。</translation>
        </message>
        <message>
            <source>The profile was not kept. {advice}</source>
            <translation>个人资料未能保存。{advice}</translation>
        </message>
        <message>
            <source>Nothing: no profile is in use, or it is empty.</source>
            <translation>无：未使用个人资料，或个人资料为空。</translation>
        </message>
        <message>
            <source>Name of the profile (for example Work, Study):</source>
            <translation>个人资料名称（例如：工作、学习）：</translation>
        </message>
        <message>
            <source>New profile</source>
            <translation>新建个人资料</translation>
        </message>
        <message>
            <source>Rename the profile</source>
            <translation>重命名个人资料</translation>
        </message>
        <message>
            <source>Renamed “{old}” to “{new}”.</source>
            <translation>已将“{old}”重命名为“{new}”。</translation>
        </message>
        <message>
            <source>Delete the profile</source>
            <translation>删除个人资料</translation>
        </message>
        <message>
            <source>Delete the profile “{name}”? Export it first to keep a copy.</source>
            <translation>删除个人资料“{name}”？如需保留副本，请先导出。</translation>
        </message>
        <message>
            <source>Export profiles</source>
            <translation>导出个人资料</translation>
        </message>
        <message>
            <source>JSON files (*.json)</source>
            <translation>JSON 文件 (*.json)</translation>
        </message>
        <message>
            <source>The profiles could not be written to {path}: {error}</source>
            <translation>无法把个人资料写入 {path}：{error}</translation>
        </message>
        <message numerus="yes">
            <source>Exported %n profile(s) to {path}.</source>
            <translation>
                <numerusform>已将 %n 份个人资料导出到 {path}。</numerusform>
            </translation>
        </message>
        <message>
            <source>Import profiles</source>
            <translation>导入个人资料</translation>
        </message>
        <message>
            <source>JSON files (*.json);;All files (*)</source>
            <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>{path} could not be read: {error}</source>
            <translation>无法读取 {path}：{error}</translation>
        </message>
        <message>
            <source>Nothing was imported: {reason}</source>
            <translation>未导入任何内容：{reason}</translation>
        </message>
        <message>
            <source>Nothing was imported. {advice}</source>
            <translation>未导入任何内容。{advice}</translation>
        </message>
        <message>
            <source>Imported: {names}. Choose one above to use it.</source>
            <translation>已导入：{names}。在上方选择一个即可使用。</translation>
        </message>
    </context>
    <context>
        <name>ProfileSuggester</name>
        <message>
            <source>There is no text to suggest entries from yet.</source>
            <translation>还没有可以据此建议条目的文字。</translation>
        </message>
        <message>
            <source>Looking for names and a tone in the text…</source>
            <translation>正在从文字中寻找名称和语气…</translation>
        </message>
        <message>
            <source>Stopped: nothing was suggested.</source>
            <translation>已停止：没有提出建议。</translation>
        </message>
        <message>
            <source>The model found nothing new to suggest for your profile.</source>
            <translation>模型没有找到可以为你的个人资料新增的内容。</translation>
        </message>
        <message>
            <source>Nothing was added to your profile.</source>
            <translation>没有向你的个人资料添加任何内容。</translation>
        </message>
        <message>
            <source>Nothing was added. {advice}</source>
            <translation>未添加任何内容。{advice}</translation>
        </message>
        <message numerus="yes">
            <source>Added %n entry(s) to your profile “{name}”.</source>
            <translation>
                <numerusform>已向你的个人资料“{name}”添加 %n 个条目。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ProfileToggle</name>
        <message>
            <source>Use my profile</source>
            <translation>使用我的个人资料</translation>
        </message>
        <message>
            <source>Use my profile “{name}”: its words never to change and its glossary entries join this glossary, and an English translation follows its spelling</source>
            <translation>使用我的个人资料“{name}”：其中永不改动的词和术语会并入此术语表，英文译文也会遵循其拼写习惯</translation>
        </message>
    </context>
    <context>
        <name>Projector</name>
        <message>
            <source>{file} is an image projector (mmproj), not a model: open the model file beside it, and the projector is loaded with it.</source>
            <translation>{file} 是图像投影文件（mmproj），不是模型：请打开它旁边的模型文件，投影文件会随之加载。</translation>
        </message>
        <message>
            <source>{file} feeds {size}-wide embeddings; this model takes {wanted}, so it cannot read images with it.</source>
            <translation>{file} 输出 {size} 维的嵌入向量；此模型需要 {wanted} 维，因此无法用它看图片。</translation>
        </message>
        <message>
            <source>The other projectors beside it do not fit either.</source>
            <translation>旁边的其他投影文件也不匹配。</translation>
        </message>
    </context>
    <context>
        <name>QuestionBox</name>
        <message>
            <source>Question about the draft</source>
            <translation>关于草稿的问题</translation>
        </message>
        <message>
            <source>Ask about this draft…</source>
            <translation>就这篇草稿提问…</translation>
        </message>
        <message>
            <source>Ask about this draft, e.g. “What date does it give?”</source>
            <translation>就这篇草稿提问，例如“文中给出的日期是哪天？”</translation>
        </message>
        <message>
            <source>Ask</source>
            <translation>提问</translation>
        </message>
        <message>
            <source>Ask the model about this draft (Enter)</source>
            <translation>就这篇草稿向模型提问（Enter）</translation>
        </message>
        <message>
            <source>Answer about the draft</source>
            <translation>关于草稿的回答</translation>
        </message>
    </context>
    <context>
        <name>Recommendation</name>
        <message>
            <source>Licence: {licence}</source>
            <translation>许可证：{licence}</translation>
        </message>
        <message>
            <source>thinks (can be turned off)</source>
            <translation>会思考（可关闭）</translation>
        </message>
        <message>
            <source>always thinks</source>
            <translation>总是思考</translation>
        </message>
        <message>
            <source>reads images</source>
            <translation>能看图片</translation>
        </message>
        <message>
            <source>chat</source>
            <translation>聊天</translation>
        </message>
        <message>
            <source>drafting</source>
            <translation>写作</translation>
        </message>
        <message>
            <source>translation</source>
            <translation>翻译</translation>
        </message>
        <message>
            <source>finding passages in your documents</source>
            <translation>在你的文档中查找段落</translation>
        </message>
    </context>
    <context>
        <name>Remote</name>
        <message>
            <source>it did not answer in time</source>
            <translation>它没有及时应答</translation>
        </message>
        <message>
            <source>The server at {url} could not be reached ({what}).</source>
            <translation>无法连接位于 {url} 的服务器（{what}）。</translation>
        </message>
        <message>
            <source>its TLS certificate could not be verified</source>
            <translation>无法验证它的 TLS 证书</translation>
        </message>
        <message>
            <source>The CA certificate {file} cannot be used ({error}).</source>
            <translation>无法使用 CA 证书 {file}（{error}）。</translation>
        </message>
        <message>
            <source>Passages for the document index are read by a model file on this computer, not by a server.</source>
            <translation>文档索引的段落由本机上的模型文件读取，而不是由服务器读取。</translation>
        </message>
        <message>
            <source>The server at {url} refused the API key ({reason}). Check the key it was given.</source>
            <translation>位于 {url} 的服务器拒绝了 API 密钥（{reason}）。请检查提供给它的密钥。</translation>
        </message>
        <message>
            <source>The server at {url} did not take the images ({reason}). Its model may not read images: send the message without them, or choose a model that sees.</source>
            <translation>位于 {url} 的服务器没有接受这些图片（{reason}）。它的模型可能无法读图：请不带图片发送这条消息，或选择一个能看图的模型。</translation>
        </message>
        <message>
            <source>The server at {url} has no such model or endpoint ({reason}).</source>
            <translation>位于 {url} 的服务器没有这个模型或接口（{reason}）。</translation>
        </message>
        <message>
            <source>The conversation is too long for the model's context on the server ({reason}).</source>
            <translation>对话超出了服务器上该模型的上下文长度（{reason}）。</translation>
        </message>
        <message>
            <source>The model {model} on the server at {url} cannot use tools ({reason}). Turn tools off, or choose a model that can call them (llama-server needs --jinja).</source>
            <translation>服务器 {url} 上的模型 {model} 无法使用工具（{reason}）。请关闭工具，或选择能调用工具的模型（llama-server 需要 --jinja）。</translation>
        </message>
        <message>
            <source>The server at {url} answered with an error ({reason}).</source>
            <translation>位于 {url} 的服务器返回了错误（{reason}）。</translation>
        </message>
        <message>
            <source>The server at {url} did not answer with JSON ({error}); is it an OpenAI-compatible server?</source>
            <translation>位于 {url} 的服务器返回的不是 JSON（{error}）；它是与 OpenAI 兼容的服务器吗？</translation>
        </message>
        <message>
            <source>The server at {url} sent a model list this app does not understand.</source>
            <translation>位于 {url} 的服务器发来的模型列表无法识别。</translation>
        </message>
        <message>
            <source>The server at {url} has no model {model}; it offers: {models}.</source>
            <translation>位于 {url} 的服务器没有模型 {model}；它提供：{models}。</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>The model {model} on the server at {url} cannot see images (the server says it has no vision). Send the message without images, or choose a model that reads them.</source>
            <translation>位于 {url} 的服务器上的模型 {model} 无法看图（服务器表示它没有视觉能力）。请不带图片发送这条消息，或选择一个能读图的模型。</translation>
        </message>
        <message>
            <source>The image {file} cannot be read ({error}).</source>
            <translation>无法读取图片 {file}（{error}）。</translation>
        </message>
        <message>
            <source>The image {file} is not a picture Hearth can send.</source>
            <translation>图片 {file} 不是 Hearth 能发送的图片。</translation>
        </message>
        <message>
            <source>No model is chosen on the server.</source>
            <translation>尚未选择服务器上的模型。</translation>
        </message>
        <message>
            <source>The server sent an event that is not JSON: {data}</source>
            <translation>服务器发来的事件不是 JSON：{data}</translation>
        </message>
        <message>
            <source>The server sent an event this app does not understand.</source>
            <translation>服务器发来的事件无法识别。</translation>
        </message>
        <message>
            <source>The server stopped the reply: {reason}</source>
            <translation>服务器中止了回复：{reason}</translation>
        </message>
        <message>
            <source>The server at {url} stopped sending the reply (nothing for {seconds} s).</source>
            <translation>位于 {url} 的服务器停止发送回复（{seconds} 秒内没有任何内容）。</translation>
        </message>
        <message>
            <source>The connection to {url} broke in the middle of the reply.</source>
            <translation>与 {url} 的连接在回复途中断开。</translation>
        </message>
        <message>
            <source>Its arguments are not JSON ({error}).</source>
            <translation>其参数不是 JSON（{error}）。</translation>
        </message>
        <message>
            <source>Its arguments are not a JSON object.</source>
            <translation>其参数不是 JSON 对象。</translation>
        </message>
        <message>
            <source>The call names no tool.</source>
            <translation>该调用未指明工具。</translation>
        </message>
    </context>
    <context>
        <name>ReplyFigures</name>
        <message>
            <source>context {used} / {total} ({share}%)</source>
            <translation>上下文 {used} / {total}（{share}%）</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>{rate} tokens/s</source>
            <translation>{rate} 词元/秒</translation>
        </message>
        <message>
            <source>first token {seconds} s</source>
            <translation>首个词元 {seconds} 秒</translation>
        </message>
        <message numerus="yes">
            <source>%n tokens of thinking</source>
            <translation>
                <numerusform>思考 %n 个词元</numerusform>
            </translation>
        </message>
        <message>
            <source>about {prompt} prompt + {generated} generated tokens (estimated: the server did not count)</source>
            <translation>约 提示 {prompt} + 生成 {generated} 个词元（估算：服务器没有计数）</translation>
        </message>
        <message>
            <source>{prompt} prompt + {generated} generated tokens</source>
            <translation>提示 {prompt} + 生成 {generated} 个词元</translation>
        </message>
        <message numerus="yes">
            <source>%n earlier messages left out</source>
            <translation>
                <numerusform>省略了 %n 条较早的消息</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReplyStateRow</name>
        <message>
            <source>Open a model…</source>
            <translation>打开模型…</translation>
        </message>
        <message>
            <source>Load a model to answer with</source>
            <translation>加载一个模型来回答</translation>
        </message>
        <message>
            <source>{model} is writing…</source>
            <translation>{model} 正在回复…</translation>
        </message>
        <message>
            <source>Writing…</source>
            <translation>正在回复…</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>Interrupted</source>
            <translation>已中断</translation>
        </message>
        <message>
            <source>The reply failed.</source>
            <translation>回复失败。</translation>
        </message>
        <message>
            <source>The app closed while this reply was being written; what it had written is kept. Regenerate writes a new version.</source>
            <translation>写这条回复时程序关闭了；已写出的内容都保留着。“重新生成”会写一个新版本。</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <source>Write another version of this reply; this one is kept</source>
            <translation>为这条回复再写一个版本；这个版本会保留</translation>
        </message>
    </context>
    <context>
        <name>ReviewView</name>
        <message>
            <source>The model is writing</source>
            <translation>模型正在写</translation>
        </message>
        <message>
            <source>Proposed changes</source>
            <translation>建议的改动</translation>
        </message>
        <message>
            <source>Accept all</source>
            <translation>全部接受</translation>
        </message>
        <message>
            <source>Reject all</source>
            <translation>全部拒绝</translation>
        </message>
        <message>
            <source>Apply accepted</source>
            <translation>应用已接受的改动</translation>
        </message>
        <message>
            <source>Save as Word…</source>
            <translation>另存为 Word…</translation>
        </message>
        <message>
            <source>Save the draft with these changes as tracked changes and their explanations as comments, to review in Word or LibreOffice</source>
            <translation>把草稿另存为 Word 文档：这些改动成为修订，说明成为批注，可在 Word 或 LibreOffice 中审阅</translation>
        </message>
        <message>
            <source>Proposed changes appear here.

Load a model first, then choose an action such as Proofread and press Run. Nothing in your draft changes until you accept.</source>
            <translation>建议的修改会显示在这里。

请先加载模型，再选择一个操作（例如“校对”），然后点“运行”。在你接受之前，草稿不会有任何改动。</translation>
        </message>
        <message>
            <source>Proposed changes appear here.

Choose an action such as Proofread and press Run. Nothing in your draft changes until you accept.</source>
            <translation>建议的修改会显示在这里。

选择一个操作（例如“校对”），然后点“运行”。在你接受之前，草稿不会有任何改动。</translation>
        </message>
        <message>
            <source>Proofread this draft</source>
            <translation>校对这篇草稿</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Load a model</source>
            <translation>加载模型</translation>
        </message>
        <message numerus="yes">
            <source>{title}: %n changes. Nothing in the document changes until you apply.</source>
            <translation>
                <numerusform>{title}：%n 处改动。应用之前，文档不会有任何变化。</numerusform>
            </translation>
        </message>
        <message>
            <source>{title}: no changes to make.</source>
            <translation>{title}：没有需要修改的地方。</translation>
        </message>
        <message>
            <source>Changes rejected; the document is as it was.</source>
            <translation>已拒绝改动；文档保持原样。</translation>
        </message>
        <message>
            <source>Applied {accepted} of {all} changes. Ctrl+Z undoes them.</source>
            <translation>已应用 {all} 处改动中的 {accepted} 处。按 Ctrl+Z 可撤销。</translation>
        </message>
        <message>
            <source>No change was accepted; the document is as it was.</source>
            <translation>没有接受任何改动；文档保持原样。</translation>
        </message>
        <message>
            <source>accept</source>
            <translation>接受</translation>
        </message>
        <message>
            <source>reject</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>undo</source>
            <translation>撤销</translation>
        </message>
    </context>
    <context>
        <name>RunResults</name>
        <message>
            <source>{action}: the model is reading the text… corrections so far: {count}</source>
            <translation>{action}：模型正在阅读文本……已找到修改：{count} 处</translation>
        </message>
        <message>
            <source>(no answer)</source>
            <translation>（没有回答）</translation>
        </message>
        <message>
            <source>{action} stopped; nothing was changed.</source>
            <translation>{action} 已停止；没有做任何改动。</translation>
        </message>
        <message>
            <source>{action} (stopped)</source>
            <translation>{action}（已停止）</translation>
        </message>
        <message>
            <source>{action}: the model's answer could not be read as feedback; nothing was changed. Try again, or try a larger model.</source>
            <translation>{action}：无法把模型的回答读作反馈；未做任何改动。请重试，或换用更大的模型。</translation>
        </message>
        <message>
            <source>{action}: the model gave no text; nothing was changed.</source>
            <translation>{action}：模型没有给出文字；没有做任何改动。</translation>
        </message>
        <message>
            <source>Not applied</source>
            <translation>未应用</translation>
        </message>
        <message>
            <source>The text changed while the model was working on it, so the changes were not applied. Run the action again.</source>
            <translation>模型处理期间文字发生了变化，因此没有应用这些改动。请重新运行该操作。</translation>
        </message>
        <message>
            <source>{action}: accepted {accepted} of {all}</source>
            <translation>{action}：接受了 {all} 处中的 {accepted} 处</translation>
        </message>
        <message>
            <source>{action} failed; nothing was changed.</source>
            <translation>{action} 失败；没有做任何改动。</translation>
        </message>
    </context>
    <context>
        <name>SafeConfigs</name>
        <message>
            <source>weight repacking off</source>
            <translation>关闭权重重排</translation>
        </message>
        <message>
            <source>on the CPU alone</source>
            <translation>仅使用 CPU</translation>
        </message>
        <message>
            <source>at most {layers} layers on the GPU</source>
            <translation>最多 {layers} 层放在 GPU 上</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
    </context>
    <context>
        <name>ScreenSnip</name>
        <message>
            <source>Drag over the part to read; Esc cancels</source>
            <translation>拖动框选要读取的部分；按 Esc 取消</translation>
        </message>
    </context>
    <context>
        <name>SentImages</name>
        <message>
            <source>Picture {number} is no longer in Hearth's data folder.</source>
            <translation>图片 {number} 已不在 Hearth 的数据文件夹中。</translation>
        </message>
        <message>
            <source>(missing picture)</source>
            <translation>（图片缺失）</translation>
        </message>
        <message>
            <source>Picture {number} cannot be shown: its file is damaged.</source>
            <translation>图片 {number} 无法显示：文件已损坏。</translation>
        </message>
        <message>
            <source>(damaged picture)</source>
            <translation>（图片已损坏）</translation>
        </message>
        <message>
            <source>Picture {number}, {size}</source>
            <translation>图片 {number}，{size}</translation>
        </message>
    </context>
    <context>
        <name>Servers</name>
        <message>
            <source>Give the server's address with http:// or https://, for example http://192.168.1.20:8080.</source>
            <translation>请填写以 http:// 或 https:// 开头的服务器地址，例如 http://192.168.1.20:8080。</translation>
        </message>
        <message>
            <source>A server's address has no # or ? part.</source>
            <translation>服务器地址中不能有 # 或 ? 部分。</translation>
        </message>
    </context>
    <context>
        <name>ServersDialog</name>
        <message>
            <source>Servers</source>
            <translation>服务器</translation>
        </message>
        <message>
            <source>The server's models</source>
            <translation>服务器上的模型</translation>
        </message>
        <message>
            <source>Remove server</source>
            <translation>移除服务器</translation>
        </message>
        <message>
            <source>Use this model</source>
            <translation>使用此模型</translation>
        </message>
        <message>
            <source>Models on the server</source>
            <translation>服务器上的模型</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>服务器地址</translation>
        </message>
        <message>
            <source>Optional; kept in the system keyring</source>
            <translation>可选；保存在系统密钥环中</translation>
        </message>
        <message>
            <source>API key</source>
            <translation>API 密钥</translation>
        </message>
        <message>
            <source>Optional: the CA certificate (PEM) of a server with a private certificate</source>
            <translation>可选：使用私有证书的服务器的 CA 证书（PEM）</translation>
        </message>
        <message>
            <source>CA certificate file</source>
            <translation>CA 证书文件</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Check and add</source>
            <translation>检查并添加</translation>
        </message>
        <message>
            <source>Add a server</source>
            <translation>添加服务器</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>CA certificate</source>
            <translation>CA 证书</translation>
        </message>
        <message>
            <source>Any OpenAI-compatible server: llama-server, vLLM, Ollama (http://host:11434), LM Studio (http://host:1234) or another Hearth. Connections use the system proxy and verify TLS certificates.</source>
            <translation>任何 OpenAI 兼容的服务器：llama-server、vLLM、Ollama（http://host:11434）、LM Studio（http://host:1234）或另一个 Hearth。连接会使用系统代理并验证 TLS 证书。</translation>
        </message>
        <message>
            <source>No servers yet. Add one below.</source>
            <translation>还没有服务器。请在下方添加。</translation>
        </message>
        <message>
            <source>No API key is kept for this server: remove it and add it again with its key, or give the key in HEARTH_SERVER_KEY.</source>
            <translation>这台服务器没有保存 API 密钥：请移除它，再带上密钥重新添加，或通过 HEARTH_SERVER_KEY 提供密钥。</translation>
        </message>
        <message>
            <source>Asking {url} for its models…</source>
            <translation>正在向 {url} 询问它的模型…</translation>
        </message>
        <message numerus="yes">
            <source>%n models on this server.</source>
            <translation>
                <numerusform>此服务器上有 %n 个模型。</numerusform>
            </translation>
        </message>
        <message>
            <source>The server's CA certificate</source>
            <translation>服务器的 CA 证书</translation>
        </message>
        <message>
            <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Checking {url}…</source>
            <translation>正在检查 {url}…</translation>
        </message>
        <message>
            <source>Not added: {reason}</source>
            <translation>未添加：{reason}</translation>
        </message>
        <message>
            <source>No keyring could keep its API key, so the key is used until you quit Hearth; add the server again after that, or give the key in HEARTH_SERVER_KEY.</source>
            <translation>没有密钥环能保存它的 API 密钥，所以这个密钥只在你退出 Hearth 之前使用；之后请重新添加这台服务器，或通过 HEARTH_SERVER_KEY 提供密钥。</translation>
        </message>
    </context>
    <context>
        <name>SessionReports</name>
        <message>
            <source>This file cannot be opened</source>
            <translation>无法打开此文件</translation>
        </message>
        <message>
            <source>The model could not be loaded</source>
            <translation>无法加载模型</translation>
        </message>
        <message>
            <source>Model not loaded automatically</source>
            <translation>未自动加载模型</translation>
        </message>
        <message>
            <source>{app} closed unexpectedly while loading {file} last time, so it was not loaded again. You can load it from Model → Recent models.</source>
            <translation>上次加载 {file} 时 {app} 意外关闭，因此这次没有再加载它。你可以在“模型 → 最近使用的模型”中加载它。</translation>
        </message>
        <message>
            <source>The model chosen for {task} is missing ({file}). Choose another under Model → Model for each task.</source>
            <translation>为{task}选择的模型不存在（{file}）。请在“模型 → 各任务使用的模型”中另选一个。</translation>
        </message>
        <message>
            <source>{task} uses {file}; it loads when the current reply or translation has finished.</source>
            <translation>{task}使用 {file}；当前的回复或翻译结束后就会加载。</translation>
        </message>
        <message>
            <source>GPU not used: this build of llama.cpp is CPU-only (Help → Hardware)</source>
            <translation>未使用 GPU：这个版本的 llama.cpp 只支持 CPU（帮助 → 硬件）</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Model sources</source>
            <translation>模型来源</translation>
        </message>
        <message>
            <source>Hugging Face access token</source>
            <translation>Hugging Face 访问令牌</translation>
        </message>
        <message>
            <source>hf_… (only needed for gated and private models)</source>
            <translation>hf_…（只有受限和私有模型才需要）</translation>
        </message>
        <message>
            <source>Save token</source>
            <translation>保存令牌</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Hub address</source>
            <translation>Hub 地址</translation>
        </message>
        <message>
            <source>Leave empty for the official Hub (or HF_ENDPOINT when it is set). A mirror or a self-hosted Hub-compatible server works too.</source>
            <translation>留空则使用官方 Hub（若设置了 HF_ENDPOINT 则用它）。镜像站或自建的 Hub 兼容服务器也可以。</translation>
        </message>
        <message>
            <source>HF_HUB_OFFLINE is set in the environment.</source>
            <translation>环境中设置了 HF_HUB_OFFLINE。</translation>
        </message>
        <message>
            <source>Hardware report</source>
            <translation>硬件报告</translation>
        </message>
        <message>
            <source>Check again</source>
            <translation>重新检查</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>外观</translation>
        </message>
        <message>
            <source>Hardware</source>
            <translation>硬件</translation>
        </message>
        <message>
            <source>Profile</source>
            <translation>个人资料</translation>
        </message>
        <message>
            <source>API</source>
            <translation>API</translation>
        </message>
        <message>
            <source>Offline: never contact the Hub or ModelScope; use installed models only</source>
            <translation>离线：从不连接 Hub 或魔搭；只使用已安装的模型</translation>
        </message>
        <message>
            <source>Hub preset</source>
            <translation>Hub 预设</translation>
        </message>
        <message>
            <source>Token</source>
            <translation>令牌</translation>
        </message>
        <message>
            <source>Hugging Face Hub</source>
            <translation>Hugging Face Hub</translation>
        </message>
        <message>
            <source>Where models come from</source>
            <translation>模型从哪里获取</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>连接</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>这台电脑</translation>
        </message>
        <message>
            <source>Language and theme</source>
            <translation>语言与主题</translation>
        </message>
        <message>
            <source>Same as the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <source>Same as the system ({language})</source>
            <translation>跟随系统（{language}）</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <source>llama.cpp build:</source>
            <translation>llama.cpp 构建信息：</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>Kept for this session.</source>
            <translation>仅在本次运行期间保留。</translation>
        </message>
        <message>
            <source>Removed.</source>
            <translation>已移除。</translation>
        </message>
        <message>
            <source>A token is saved for this session only.</source>
            <translation>令牌仅在本次运行期间保存。</translation>
        </message>
        <message>
            <source>A token is saved in the system keyring.</source>
            <translation>令牌已保存在系统密钥环中。</translation>
        </message>
        <message>
            <source>No token: public models only.</source>
            <translation>没有令牌：只能使用公开模型。</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Chat › Send the message</source>
            <translation>聊天 › 发送消息</translation>
        </message>
        <message>
            <source>Chat › New line in the message</source>
            <translation>聊天 › 在消息中换行</translation>
        </message>
        <message>
            <source>Chat › Rename the selected conversation</source>
            <translation>聊天 › 重命名选中的对话</translation>
        </message>
        <message>
            <source>Chat › Delete the selected conversation</source>
            <translation>聊天 › 删除选中的对话</translation>
        </message>
        <message>
            <source>Any list › Move</source>
            <translation>任意列表 › 移动</translation>
        </message>
        <message>
            <source>Anywhere › Next or previous control</source>
            <translation>任意位置 › 下一个或上一个控件</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>按键</translation>
        </message>
    </context>
    <context>
        <name>SourceSettings</name>
        <message>
            <source>Model source</source>
            <translation>模型来源</translation>
        </message>
        <message>
            <source>Hub address preset</source>
            <translation>Hub 地址预设</translation>
        </message>
        <message>
            <source>ModelScope address</source>
            <translation>魔搭地址</translation>
        </message>
        <message>
            <source>ModelScope access token</source>
            <translation>魔搭访问令牌</translation>
        </message>
        <message>
            <source>only needed for private models</source>
            <translation>仅私有模型需要</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Models from</source>
            <translation>模型来自</translation>
        </message>
        <message>
            <source>ModelScope token</source>
            <translation>魔搭令牌</translation>
        </message>
        <message>
            <source>Hugging Face Hub</source>
            <translation>Hugging Face Hub</translation>
        </message>
        <message>
            <source>ModelScope (魔搭)</source>
            <translation>魔搭</translation>
        </message>
        <message>
            <source>Official: huggingface.co</source>
            <translation>官方：huggingface.co</translation>
        </message>
        <message>
            <source>Mirror: hf-mirror.com (reachable from China)</source>
            <translation>镜像：hf-mirror.com（在中国大陆可访问）</translation>
        </message>
        <message>
            <source>Custom address</source>
            <translation>自定义地址</translation>
        </message>
        <message>
            <source>A ModelScope token is kept for this session only.</source>
            <translation>魔搭令牌仅在本次会话中保留。</translation>
        </message>
        <message>
            <source>A ModelScope token is saved.</source>
            <translation>已保存魔搭令牌。</translation>
        </message>
        <message>
            <source>No ModelScope token: public models only.</source>
            <translation>没有魔搭令牌：只能使用公开模型。</translation>
        </message>
        <message>
            <source>A ModelScope token has no spaces or special characters; paste it again from modelscope.cn/my/myaccesstoken.</source>
            <translation>魔搭令牌不含空格或特殊字符；请从 modelscope.cn/my/myaccesstoken 重新复制粘贴。</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>Kept for this session.</source>
            <translation>仅在本次运行期间保留。</translation>
        </message>
        <message>
            <source>Removed.</source>
            <translation>已移除。</translation>
        </message>
    </context>
    <context>
        <name>SourceView</name>
        <message>
            <source>{file}, page {page}</source>
            <translation>{file}，第 {page} 页</translation>
        </message>
        <message>
            <source>{file}, paragraph {paragraph}</source>
            <translation>{file}，第 {paragraph} 段</translation>
        </message>
        <message>
            <source>The file is no longer there; this is the passage as it was indexed.</source>
            <translation>文件已不在原处；这是建立索引时的段落。</translation>
        </message>
        <message>
            <source>The passage the answer was given</source>
            <translation>回答所依据的段落</translation>
        </message>
        <message>
            <source>Open the file</source>
            <translation>打开文件</translation>
        </message>
    </context>
    <context>
        <name>SourcesLine</name>
        <message>
            <source>Sources</source>
            <translation>来源</translation>
        </message>
    </context>
    <context>
        <name>StatusLine</name>
        <message>
            <source>Loading the model</source>
            <translation>正在加载模型</translation>
        </message>
        <message>
            <source>The open pane's last reply</source>
            <translation>当前窗格的上一条回复</translation>
        </message>
        <message>
            <source>{context} tokens of context</source>
            <translation>上下文 {context} 个词元</translation>
        </message>
        <message>
            <source>context length not told by the server</source>
            <translation>服务器未告知上下文长度</translation>
        </message>
        <message>
            <source>{model} · on {server}</source>
            <translation>{model} · 位于 {server}</translation>
        </message>
        <message>
            <source>{backend}: all layers on GPU</source>
            <translation>{backend}：全部层在 GPU 上</translation>
        </message>
        <message numerus="yes">
            <source>{backend}: %n layers on GPU</source>
            <translation>
                <numerusform>{backend}：%n 层在 GPU 上</numerusform>
            </translation>
        </message>
        <message>
            <source>{context} tokens of context, KV cache {kv} · {threads} threads · loaded in {seconds} s</source>
            <translation>上下文 {context} 个词元，KV 缓存 {kv} · {threads} 个线程 · 加载用时 {seconds} 秒</translation>
        </message>
        <message>
            <source>Restarting the engine…</source>
            <translation>正在重启引擎…</translation>
        </message>
        <message>
            <source>Loading {model}{plan}…</source>
            <translation>正在加载 {model}{plan}…</translation>
        </message>
        <message>
            <source>No model loaded</source>
            <translation>未加载模型</translation>
        </message>
        <message>
            <source>reads images</source>
            <translation>可读图片</translation>
        </message>
        <message>
            <source>Reads images, with the projector {file}.</source>
            <translation>可读图片，使用投影器 {file}。</translation>
        </message>
        <message>
            <source>Reads images: the server's model has vision.</source>
            <translation>可读图片：服务器上的模型具备视觉能力。</translation>
        </message>
        <message>
            <source>API: could not start</source>
            <translation>API：无法启动</translation>
        </message>
        <message numerus="yes">
            <source>API: answering %n request(s)</source>
            <translation>
                <numerusform>API：正在应答 %n 个请求</numerusform>
            </translation>
        </message>
        <message>
            <source>API on</source>
            <translation>API 已开启</translation>
        </message>
        <message>
            <source>Other programs can use the loaded model at {url}</source>
            <translation>其他程序可以在 {url} 使用已加载的模型</translation>
        </message>
    </context>
    <context>
        <name>StorageProblem</name>
        <message>
            <source>Your chat history could not be saved: the disk is full. Free some space on it, then try again.</source>
            <translation>无法保存聊天记录：磁盘已满。请先释放一些空间，然后重试。</translation>
        </message>
        <message>
            <source>Your chat history could not be saved: its file is read-only. Check that you may write to {folder}, then try again.</source>
            <translation>无法保存聊天记录：它的文件是只读的。请检查你是否有权写入 {folder}，然后重试。</translation>
        </message>
        <message>
            <source>the app's data folder</source>
            <translation>本应用的数据文件夹</translation>
        </message>
        <message>
            <source>Your chat history could not be saved: another program is using it. Close that program (or another copy of Hearth), then try again.</source>
            <translation>无法保存聊天记录：另一个程序正在使用它。请关闭那个程序（或另一个正在运行的 Hearth），然后重试。</translation>
        </message>
        <message>
            <source>Your chat history could not be saved ({error}). Check the disk holding {folder}, then try again.</source>
            <translation>无法保存聊天记录（{error}）。请检查存放 {folder} 的磁盘，然后重试。</translation>
        </message>
    </context>
    <context>
        <name>SuggestionsDialog</name>
        <message>
            <source>Suggested profile entries</source>
            <translation>建议的个人资料条目</translation>
        </message>
        <message>
            <source>The model suggests these entries from your text. Tick the ones to add to your profile “{name}”.</source>
            <translation>模型根据你的文字建议了以下条目。勾选要添加到个人资料“{name}”中的条目。</translation>
        </message>
        <message>
            <source>The model suggests these entries from your text. Tick the ones to add: they go into a new profile, which is then used.</source>
            <translation>模型根据你的文字建议了以下条目。勾选要添加的条目：它们会放进一份新的个人资料，并随即启用。</translation>
        </message>
        <message>
            <source>Never change “{word}”</source>
            <translation>永不改动“{word}”</translation>
        </message>
        <message>
            <source>Preferred tone: {tone}</source>
            <translation>偏好的语气：{tone}</translation>
        </message>
        <message numerus="yes">
            <source>%n suggestion(s) left out: not in your text, or in your profile already.</source>
            <translation>
                <numerusform>有 %n 条建议未列出：它们不在你的文字中，或已在你的个人资料里。</numerusform>
            </translation>
        </message>
        <message>
            <source>Add the ticked entries</source>
            <translation>添加勾选的条目</translation>
        </message>
    </context>
    <context>
        <name>SystemPromptDialog</name>
        <message>
            <source>System prompt</source>
            <translation>系统提示词</translation>
        </message>
        <message>
            <source>Empty: the model's own default instructions apply</source>
            <translation>留空：使用模型自带的默认指示</translation>
        </message>
        <message>
            <source>Instructions the model sees at the start of this conversation:</source>
            <translation>模型在本对话开始时看到的指示：</translation>
        </message>
        <message>
            <source>What the profile adds</source>
            <translation>个人资料添加的内容</translation>
        </message>
        <message>
            <source>Add my profile “{name}” after these instructions</source>
            <translation>在这些指令之后加上我的个人资料“{name}”</translation>
        </message>
        <message>
            <source>No profile is in use. Settings › Profile lets you say who you are and how you like your text, for every conversation.</source>
            <translation>未使用个人资料。在“设置 › 个人资料”中可以说明你是谁、喜欢怎样的文字，适用于所有对话。</translation>
        </message>
    </context>
    <context>
        <name>TaskModelsDialog</name>
        <message>
            <source>Chat</source>
            <translation>聊天</translation>
        </message>
        <message>
            <source>Drafting</source>
            <translation>写作</translation>
        </message>
        <message>
            <source>Translation</source>
            <translation>翻译</translation>
        </message>
        <message>
            <source>Model for each task</source>
            <translation>各任务使用的模型</translation>
        </message>
        <message>
            <source>Whichever model is loaded</source>
            <translation>当前加载的模型</translation>
        </message>
        <message>
            <source>{model} (missing)</source>
            <translation>{model}（不存在）</translation>
        </message>
        <message>
            <source>Opening a pane loads its model. One model is in memory at a time; a switch waits until the reply or translation under way has finished.</source>
            <translation>打开某个窗格时会加载它的模型。内存中一次只有一个模型；切换会等到正在进行的回复或翻译结束。</translation>
        </message>
    </context>
    <context>
        <name>TextFiles</name>
        <message>
            <source>Open a text file</source>
            <translation>打开文本文件</translation>
        </message>
        <message>
            <source>Text, Markdown and Word (*.txt *.md *.docx);;All files (*)</source>
            <translation>文本、Markdown 和 Word (*.txt *.md *.docx);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Text and Markdown (*.txt *.md);;All files (*)</source>
            <translation>文本和 Markdown (*.txt *.md);;所有文件 (*)</translation>
        </message>
        <message>
            <source>{file} could not be read as a Word document: {error}</source>
            <translation>无法把 {file} 读作 Word 文档：{error}</translation>
        </message>
        <message>
            <source>Save as</source>
            <translation>另存为</translation>
        </message>
        <message>
            <source>Markdown (*.md);;Text (*.txt)</source>
            <translation>Markdown (*.md);;文本 (*.txt)</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>{file} could not be opened as UTF-8 text: {error}</source>
            <translation>无法以 UTF-8 文本打开 {file}：{error}</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Could not save to {path}: {error}</source>
            <translation>无法保存到 {path}：{error}</translation>
        </message>
    </context>
    <context>
        <name>ThinkingBlock</name>
        <message>
            <source>Show or hide what the model thought before answering</source>
            <translation>显示或隐藏模型作答前的思考内容</translation>
        </message>
        <message>
            <source>Thinking</source>
            <translation>思考</translation>
        </message>
        <message>
            <source>Thinking… {seconds} s</source>
            <translation>正在思考… {seconds} 秒</translation>
        </message>
        <message>
            <source>Thought for {seconds} s</source>
            <translation>思考了 {seconds} 秒</translation>
        </message>
    </context>
    <context>
        <name>ThreadView</name>
        <message numerus="yes">
            <source>%n earlier messages are outside the model's memory</source>
            <translation>
                <numerusform>有 %n 条较早的消息不在模型的记忆中</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ToolBlock</name>
        <message>
            <source>Show or hide this call's arguments and result</source>
            <translation>显示或隐藏此调用的参数和结果</translation>
        </message>
        <message>
            <source>{tool} ({server})</source>
            <translation>{tool}（{server}）</translation>
        </message>
        <message>
            <source>Called {tool}: {arguments} → {result}</source>
            <translation>已调用 {tool}：{arguments} → {result}</translation>
        </message>
        <message>
            <source>Called {tool}: {arguments} → failed: {result}</source>
            <translation>已调用 {tool}：{arguments} → 失败：{result}</translation>
        </message>
        <message>
            <source>You denied {tool}: {arguments}</source>
            <translation>你拒绝了 {tool}：{arguments}</translation>
        </message>
        <message>
            <source>Not run, the call was malformed: {tool}: {arguments}</source>
            <translation>未运行，调用格式有误：{tool}：{arguments}</translation>
        </message>
        <message>
            <source>Not run, past this reply's limit of calls: {tool}</source>
            <translation>未运行，超出此回复的调用次数上限：{tool}</translation>
        </message>
        <message>
            <source>Not run, the reply was stopped: {tool}</source>
            <translation>未运行，回复已停止：{tool}</translation>
        </message>
        <message>
            <source>You allowed it once.</source>
            <translation>你允许了这一次。</translation>
        </message>
        <message>
            <source>You allowed it, and always allow this tool.</source>
            <translation>你允许了它，并始终允许此工具。</translation>
        </message>
        <message>
            <source>It ran without asking: you always allow this tool.</source>
            <translation>未经询问即已运行：你始终允许此工具。</translation>
        </message>
        <message>
            <source>You denied it: it did not run.</source>
            <translation>你拒绝了它：它没有运行。</translation>
        </message>
        <message>
            <source>It did not run: the model wrote it in a way that cannot run.</source>
            <translation>未运行：模型写出的调用无法运行。</translation>
        </message>
        <message>
            <source>It did not run: the reply had made as many calls as it may.</source>
            <translation>未运行：此回复的调用次数已达上限。</translation>
        </message>
        <message>
            <source>It did not finish: you stopped the reply.</source>
            <translation>未完成：你停止了回复。</translation>
        </message>
        <message>
            <source>From Hearth's own tools.</source>
            <translation>来自 Hearth 自带的工具。</translation>
        </message>
        <message>
            <source>From the MCP server “{server}”.</source>
            <translation>来自 MCP 服务器“{server}”。</translation>
        </message>
        <message>
            <source>Result: the tool's output, untrusted. The model reads it as data; it cannot approve anything.</source>
            <translation>结果：工具的输出，不可信。模型只把它当作数据读取；它无法批准任何操作。</translation>
        </message>
        <message>
            <source>What the model was told:</source>
            <translation>告诉模型的内容：</translation>
        </message>
        <message>
            <source>Arguments:</source>
            <translation>参数：</translation>
        </message>
    </context>
    <context>
        <name>ToolCalls</name>
        <message>
            <source>the reply ended before the call was complete</source>
            <translation>回复在调用写完之前就结束了</translation>
        </message>
        <message>
            <source>the call names no tool</source>
            <translation>调用没有指明工具</translation>
        </message>
        <message>
            <source>the arguments are not valid JSON ({error})</source>
            <translation>参数不是有效的 JSON（{error}）</translation>
        </message>
        <message>
            <source>the arguments are not a JSON object</source>
            <translation>参数不是 JSON 对象</translation>
        </message>
        <message>
            <source>the call could not be read</source>
            <translation>无法读取该调用</translation>
        </message>
    </context>
    <context>
        <name>ToolLimits</name>
        <message>
            <source>Calls one reply may make</source>
            <translation>一次回复最多可调用的次数</translation>
        </message>
        <message>
            <source>Seconds one call may take</source>
            <translation>每次调用最多可用的秒数</translation>
        </message>
        <message>
            <source> s</source>
            <translation> 秒</translation>
        </message>
        <message>
            <source>Calls one reply may make:</source>
            <translation>一次回复最多调用：</translation>
        </message>
        <message>
            <source>Seconds one call may take:</source>
            <translation>每次调用最长：</translation>
        </message>
    </context>
    <context>
        <name>ToolRound</name>
        <message>
            <source>There is no tool named “{name}” here.</source>
            <translation>这里没有名为“{name}”的工具。</translation>
        </message>
        <message>
            <source>The tool failed ({reason}).</source>
            <translation>工具出错（{reason}）。</translation>
        </message>
        <message>
            <source>[The result was cut here.]</source>
            <translation>[结果在此处被截断。]</translation>
        </message>
        <message>
            <source>You always allowed this tool before, but it has changed since (its server, description or arguments), so it is asked about again.</source>
            <translation>你之前曾始终允许此工具，但它此后有了变化（其服务器、描述或参数），因此需要再次询问。</translation>
        </message>
    </context>
    <context>
        <name>ToolSteps</name>
        <message>
            <source>Running {tool}…</source>
            <translation>正在运行 {tool}…</translation>
        </message>
    </context>
    <context>
        <name>Tools</name>
        <message>
            <source>The arguments are too long ({count} characters).</source>
            <translation>参数过长（{count} 个字符）。</translation>
        </message>
        <message>
            <source>The arguments are not valid JSON ({reason}).</source>
            <translation>参数不是有效的 JSON（{reason}）。</translation>
        </message>
        <message>
            <source>The arguments must be a JSON object, not {kind}.</source>
            <translation>参数必须是 JSON 对象，而不是 {kind}。</translation>
        </message>
        <message>
            <source>The tool's own schema is invalid ({reason}).</source>
            <translation>该工具自身的参数架构无效（{reason}）。</translation>
        </message>
        <message>
            <source>The arguments do not fit the tool: {where}: {reason}.</source>
            <translation>参数不符合该工具的要求：{where}：{reason}。</translation>
        </message>
        <message>
            <source>The arguments do not fit the tool: {reason}.</source>
            <translation>参数不符合该工具的要求：{reason}。</translation>
        </message>
        <message>
            <source>There is no tool named “{name}”.</source>
            <translation>没有名为“{name}”的工具。</translation>
        </message>
        <message>
            <source>The arguments do not fit the tool ({reason}).</source>
            <translation>参数不符合该工具的要求（{reason}）。</translation>
        </message>
        <message>
            <source>The tool failed ({reason}).</source>
            <translation>工具出错（{reason}）。</translation>
        </message>
        <message>
            <source>The expression is empty.</source>
            <translation>表达式为空。</translation>
        </message>
        <message>
            <source>The expression is too long (at most {limit} characters).</source>
            <translation>表达式过长（最多 {limit} 个字符）。</translation>
        </message>
        <message>
            <source>The expression is not written correctly: “{expression}”.</source>
            <translation>表达式书写有误：“{expression}”。</translation>
        </message>
        <message>
            <source>The expression is nested too deeply.</source>
            <translation>表达式嵌套层数过多。</translation>
        </message>
        <message>
            <source>Division by zero.</source>
            <translation>除数为零。</translation>
        </message>
        <message>
            <source>The result is too large.</source>
            <translation>结果过大。</translation>
        </message>
        <message>
            <source>A function was given a value outside its domain (such as the square root or logarithm of a negative number).</source>
            <translation>函数收到了定义域之外的值（例如负数的平方根或对数）。</translation>
        </message>
        <message>
            <source>Unknown name: {name}.</source>
            <translation>未知名称：{name}。</translation>
        </message>
        <message>
            <source>Write powers with **, not ^ (2 ** 10).</source>
            <translation>乘方请用 ** 表示，而不是 ^（例如 2 ** 10）。</translation>
        </message>
        <message>
            <source>Only numbers, + - * / // % **, parentheses and the listed functions are understood.</source>
            <translation>只能使用数字、+ - * / // % **、括号和列出的函数。</translation>
        </message>
        <message>
            <source>Unknown function: {name}.</source>
            <translation>未知函数：{name}。</translation>
        </message>
        <message>
            <source>Give {name} its values in order, without names.</source>
            <translation>请按顺序给出 {name} 的参数值，不要写参数名。</translation>
        </message>
        <message>
            <source>{name} takes from {least} to {most} values.</source>
            <translation>{name} 接受 {least} 到 {most} 个值。</translation>
        </message>
        <message>
            <source>round's second value is a whole number of digits, at most {limit}.</source>
            <translation>round 的第二个值是位数，须为整数，最多 {limit}。</translation>
        </message>
        <message>
            <source>The result is not a real number.</source>
            <translation>结果不是实数。</translation>
        </message>
        <message>
            <source>The result is not a number.</source>
            <translation>结果不是一个数。</translation>
        </message>
        <message>
            <source>“{name}” is not a known time zone; use an IANA name such as Europe/Paris.</source>
            <translation>“{name}”不是已知的时区；请使用 IANA 名称，例如 Asia/Shanghai。</translation>
        </message>
        <message>
            <source>The search needs words to look for.</source>
            <translation>搜索需要提供要查找的词语。</translation>
        </message>
        <message>
            <source>The documents could not be searched ({reason}).</source>
            <translation>无法搜索文档（{reason}）。</translation>
        </message>
        <message>
            <source>Nothing in the user's documents matches “{query}”.</source>
            <translation>用户的文档中没有与“{query}”相符的内容。</translation>
        </message>
        <message>
            <source>Give the server a name.</source>
            <translation>请为服务器命名。</translation>
        </message>
        <message>
            <source>Give the command that starts the server.</source>
            <translation>请填写启动服务器的命令。</translation>
        </message>
        <message>
            <source>There is already a server named “{name}”.</source>
            <translation>已有名为“{name}”的服务器。</translation>
        </message>
        <message>
            <source>The call was stopped.</source>
            <translation>调用已停止。</translation>
        </message>
        <message>
            <source>The MCP server “{name}” starts only once you have seen and approved its command: {command}</source>
            <translation>MCP 服务器“{name}”须在您查看并批准其命令后才会启动：{command}</translation>
        </message>
        <message>
            <source>The MCP server “{server}” was closed before it was ready.</source>
            <translation>MCP 服务器“{server}”在就绪之前已被关闭。</translation>
        </message>
        <message>
            <source>The tool reported an error: {message}</source>
            <translation>工具报告了错误：{message}</translation>
        </message>
        <message>
            <source>The MCP server “{server}” refused the call: {message}</source>
            <translation>MCP 服务器“{server}”拒绝了此次调用：{message}</translation>
        </message>
        <message>
            <source>The MCP server “{server}” answered in a way Hearth cannot read ({reason}).</source>
            <translation>MCP 服务器“{server}”的回答方式 Hearth 无法读取（{reason}）。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” did not answer “{tool}” within {seconds} s; the call was abandoned.</source>
            <translation>MCP 服务器“{server}”在 {seconds} 秒内没有回答“{tool}”，已放弃此次调用。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” stopped during the call ({details}).</source>
            <translation>MCP 服务器“{server}”在调用过程中停止了（{details}）。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” stopped during the call.</source>
            <translation>MCP 服务器“{server}”在调用过程中停止了。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” has stopped ({details}).</source>
            <translation>MCP 服务器“{server}”已停止（{details}）。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” has stopped.</source>
            <translation>MCP 服务器“{server}”已停止。</translation>
        </message>
        <message>
            <source>exit status {status}</source>
            <translation>退出状态 {status}</translation>
        </message>
        <message>
            <source>The MCP server “{server}” has not started.</source>
            <translation>MCP 服务器“{server}”尚未启动。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” did not answer within {seconds} s of starting.</source>
            <translation>MCP 服务器“{server}”启动后 {seconds} 秒内没有应答。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” cannot start: the command “{command}” was not found. Give its full path, or install it.</source>
            <translation>MCP 服务器“{server}”无法启动：找不到命令“{command}”。请填写其完整路径，或先安装它。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” cannot start in the folder “{folder}”.</source>
            <translation>MCP 服务器“{server}”无法在文件夹“{folder}”中启动。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” cannot start: “{command}” may not be run.</source>
            <translation>MCP 服务器“{server}”无法启动：不允许运行“{command}”。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” cannot start ({reason}).</source>
            <translation>MCP 服务器“{server}”无法启动（{reason}）。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” ended before it was ready ({details}).</source>
            <translation>MCP 服务器“{server}”在就绪之前就结束了（{details}）。</translation>
        </message>
        <message>
            <source>The MCP server “{server}” ended before it was ready.</source>
            <translation>MCP 服务器“{server}”在就绪之前就结束了。</translation>
        </message>
        <message>
            <source>[The result was cut here: the server's answer was {size} MB, over the limit.]</source>
            <translation>[结果在此处被截断：服务器的回答有 {size} MB，超出了上限。]</translation>
        </message>
        <message>
            <source>The server's answer was too long to read ({size} MB; at most {limit} MB).</source>
            <translation>服务器的回答过长，无法读取（{size} MB；最多 {limit} MB）。</translation>
        </message>
        <message>
            <source>“{name}” is not one of the files the user picked for this conversation, so it cannot be read. Picked files: {names}.</source>
            <translation>“{name}”不是用户为此对话选择的文件，因此无法读取。已选择的文件：{names}。</translation>
        </message>
        <message>
            <source>“{name}” cannot be read: {reason}</source>
            <translation>无法读取“{name}”：{reason}</translation>
        </message>
        <message>
            <source>[Only part of the file is shown. To read on, call again with offset {offset}.]</source>
            <translation>[只显示了文件的一部分。要继续读取，请以 offset {offset} 再次调用。]</translation>
        </message>
        <message>
            <source>the file cannot be opened ({reason}).</source>
            <translation>无法打开该文件（{reason}）。</translation>
        </message>
        <message>
            <source>it is not text in UTF-8 or UTF-16 (it may be a binary file, or text in another encoding).</source>
            <translation>它不是 UTF-8 或 UTF-16 文本（可能是二进制文件，或其他编码的文本）。</translation>
        </message>
        <message>
            <source>it is a binary file, not text.</source>
            <translation>它是二进制文件，不是文本。</translation>
        </message>
        <message>
            <source>[The result was cut here: it was {total} characters long, over the limit of {limit}.]</source>
            <translation>[结果在此处被截断：原有 {total} 个字符，超出了 {limit} 的上限。]</translation>
        </message>
        <message>
            <source>The MCP server “{server}” is still starting: its tools are not offered to this reply, but will be to the next.</source>
            <translation>MCP 服务器“{server}”仍在启动：此回复无法使用其工具，下一条回复可以。</translation>
        </message>
    </context>
    <context>
        <name>ToolsButton</name>
        <message>
            <source>Let the model use tools in this conversation: a calculator, the date, files you pick, your documents, MCP servers. You approve each call.</source>
            <translation>让模型在此对话中使用工具：计算器、日期、你选择的文件、你的文档、MCP 服务器。每次调用都由你批准。</translation>
        </message>
        <message>
            <source>Tools: off</source>
            <translation>工具：关</translation>
        </message>
        <message>
            <source>Tools: on</source>
            <translation>工具：开</translation>
        </message>
        <message>
            <source>Tools: {chosen} of {all}</source>
            <translation>工具：{chosen}/{all}</translation>
        </message>
        <message>
            <source>Let the model use tools</source>
            <translation>让模型使用工具</translation>
        </message>
        <message>
            <source>{model} was not trained to call tools (its chat template describes none): it is told about them, but may never call one.</source>
            <translation>{model} 没有经过调用工具的训练（它的聊天模板不描述任何工具）：会告诉它有哪些工具，但它可能从不调用。</translation>
        </message>
        <message>
            <source>Tools</source>
            <translation>工具</translation>
        </message>
        <message>
            <source>Files the model may read</source>
            <translation>模型可读取的文件</translation>
        </message>
        <message>
            <source>Pick files for the model to read…</source>
            <translation>选择供模型读取的文件…</translation>
        </message>
        <message>
            <source>MCP servers</source>
            <translation>MCP 服务器</translation>
        </message>
        <message>
            <source>MCP servers…</source>
            <translation>MCP 服务器…</translation>
        </message>
        <message>
            <source>Calculator</source>
            <translation>计算器</translation>
        </message>
        <message>
            <source>Date and time</source>
            <translation>日期和时间</translation>
        </message>
        <message>
            <source>Read a picked file</source>
            <translation>读取所选文件</translation>
        </message>
        <message>
            <source>Search my documents</source>
            <translation>搜索我的文档</translation>
        </message>
        <message>
            <source>{tool} ({server})</source>
            <translation>{tool}（{server}）</translation>
        </message>
        <message>
            <source>{server}: not started, its command waits for your approval…</source>
            <translation>{server}：未启动，其命令等待你的批准…</translation>
        </message>
        <message>
            <source>{server}: starting…</source>
            <translation>{server}：正在启动…</translation>
        </message>
        <message numerus="yes">
            <source>{server}: %n tool(s)</source>
            <translation>
                <numerusform>{server}：%n 个工具</numerusform>
            </translation>
        </message>
        <message>
            <source>{server}: failed (see why…)</source>
            <translation>{server}：启动失败（查看原因…）</translation>
        </message>
    </context>
    <context>
        <name>Translation</name>
        <message>
            <source>Glossary: “{term}” should be translated as “{wanted}”.</source>
            <translation>术语表：“{term}”应译为“{wanted}”。</translation>
        </message>
        <message>
            <source>Glossary: “{term}” should stay untranslated.</source>
            <translation>术语表：“{term}”应保持不译。</translation>
        </message>
        <message>
            <source>The URL {item} is missing or changed.</source>
            <translation>网址 {item} 丢失或被改动。</translation>
        </message>
        <message>
            <source>The placeholder {item} is missing or changed.</source>
            <translation>占位符 {item} 丢失或被改动。</translation>
        </message>
        <message>
            <source>The code {item} is missing or changed.</source>
            <translation>代码 {item} 丢失或被改动。</translation>
        </message>
        <message>
            <source>The number {number} is missing or changed.</source>
            <translation>数字 {number} 丢失或被改动。</translation>
        </message>
        <message>
            <source>A code block was changed; code is kept as it is.</source>
            <translation>代码块被改动了；代码应保持原样。</translation>
        </message>
        <message>
            <source>plain text</source>
            <translation>普通文本</translation>
        </message>
        <message>
            <source>The Markdown structure changed (“{before}” became “{after}”).</source>
            <translation>Markdown 结构变了（“{before}”变成了“{after}”）。</translation>
        </message>
        <message>
            <source>This paragraph is in {found}, not in {target}.</source>
            <translation>这一段是{found}，不是{target}。</translation>
        </message>
        <message>
            <source>The model wrote nothing for this segment, so it stays as it was; correct it by hand, or translate the file again.</source>
            <translation>模型没有为这个片段写出任何内容，因此保持原样；请手动修改，或重新翻译这个文件。</translation>
        </message>
        <message>
            <source>This segment came back as it was, untranslated.</source>
            <translation>这个片段原样返回，没有翻译。</translation>
        </message>
        <message>
            <source>The formatting (bold, italics, links) could not be matched to the translated words; it was spread over them in order.</source>
            <translation>格式（粗体、斜体、链接）无法对应到译文中的词语，已按顺序分布到译文上。</translation>
        </message>
        <message>
            <source>The glossary cannot be read ({reason}).</source>
            <translation>无法读取术语表（{reason}）。</translation>
        </message>
        <message>
            <source>The glossary file is too large (at most 8 MB).</source>
            <translation>术语表文件太大（最多 8 MB）。</translation>
        </message>
        <message>
            <source>The glossary is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”.</source>
            <translation>术语表不是 UTF-8 文本；请在电子表格中另存为“CSV UTF-8”。</translation>
        </message>
        <message>
            <source>The glossary is not a CSV file ({reason}).</source>
            <translation>术语表不是 CSV 文件（{reason}）。</translation>
        </message>
    </context>
    <context>
        <name>TranslationAlternatives</name>
        <message>
            <source>Select a sentence in the source text first.</source>
            <translation>请先在源文本中选中一个句子。</translation>
        </message>
        <message>
            <source>(the model gave no alternatives; try again)</source>
            <translation>（模型没有给出其他译法；请再试一次）</translation>
        </message>
        <message>
            <source>Double-click an alternative to copy it, or to replace the text selected in the translation.</source>
            <translation>双击某个译法即可复制它，或替换译文中选中的文字。</translation>
        </message>
    </context>
    <context>
        <name>TranslationHeader</name>
        <message>
            <source>Translate text</source>
            <translation>翻译文本</translation>
        </message>
        <message>
            <source>Translate text: type or paste it, or open a .txt or .md file</source>
            <translation>翻译文本：输入或粘贴，或打开 .txt 或 .md 文件</translation>
        </message>
        <message>
            <source>Translate</source>
            <translation>翻译</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stop translating (Esc)</source>
            <translation>停止翻译（Esc）</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Go on from the first paragraph not yet translated</source>
            <translation>从第一个尚未翻译的段落继续</translation>
        </message>
        <message>
            <source>Translated so far</source>
            <translation>已翻译的进度</translation>
        </message>
    </context>
    <context>
        <name>TranslationModelHint</name>
        <message>
            <source>Use it for Translation</source>
            <translation>用于翻译</translation>
        </message>
        <message>
            <source>{model}, a model made for translation, is installed.</source>
            <translation>已安装专为翻译设计的模型 {model}。</translation>
        </message>
        <message>
            <source>The choice was not kept. {advice}</source>
            <translation>此选择未能保存。{advice}</translation>
        </message>
    </context>
    <context>
        <name>TranslationNotes</name>
        <message>
            <source>Checks (click one to find its paragraph)</source>
            <translation>检查（点击一项即可找到对应段落）</translation>
        </message>
        <message>
            <source>Checks of the translation</source>
            <translation>译文检查</translation>
        </message>
        <message>
            <source>Alternatives (double-click one to use it)</source>
            <translation>其他译法（双击一项即可采用）</translation>
        </message>
        <message>
            <source>Alternative translations</source>
            <translation>其他译法</translation>
        </message>
    </context>
    <context>
        <name>TranslationOptions</name>
        <message>
            <source>Translate from</source>
            <translation>源语言</translation>
        </message>
        <message>
            <source>Swap the languages</source>
            <translation>交换语言</translation>
        </message>
        <message>
            <source>Swap the languages (and the texts)</source>
            <translation>交换语言（以及文本）</translation>
        </message>
        <message>
            <source>Translate into</source>
            <translation>目标语言</translation>
        </message>
        <message>
            <source>Register: how formal the translation sounds</source>
            <translation>语体：译文听起来有多正式</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>语体</translation>
        </message>
        <message>
            <source>Glossary…</source>
            <translation>术语表…</translation>
        </message>
        <message>
            <source>The glossary of these two languages…</source>
            <translation>这两种语言的术语表…</translation>
        </message>
        <message>
            <source>Detect language</source>
            <translation>检测语言</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>默认</translation>
        </message>
        <message>
            <source>Formal</source>
            <translation>正式</translation>
        </message>
        <message>
            <source>Informal</source>
            <translation>随意</translation>
        </message>
    </context>
    <context>
        <name>TranslationPane</name>
        <message>
            <source>The model is thinking before it writes…</source>
            <translation>模型正在思考，之后才会写出内容…</translation>
        </message>
        <message>
            <source>Text to translate</source>
            <translation>待翻译的文本</translation>
        </message>
        <message>
            <source>Type or paste the text to translate, or open a .txt or .md file.</source>
            <translation>输入或粘贴要翻译的文本，或打开 .txt 或 .md 文件。</translation>
        </message>
        <message>
            <source>Translation</source>
            <translation>翻译</translation>
        </message>
        <message>
            <source>Stopped at paragraph {number}. Resume goes on from there.</source>
            <translation>停在第 {number} 段。点“继续”从那里接着翻译。</translation>
        </message>
        <message>
            <source>The text in the picture is ready to translate.</source>
            <translation>图片中的文字已准备好翻译。</translation>
        </message>
        <message>
            <source>Read the text in the picture; translating it…</source>
            <translation>已读取图片中的文字，正在翻译…</translation>
        </message>
        <message>
            <source>stopped after {done} of {total} paragraphs</source>
            <translation>已停止，完成 {done}/{total} 段</translation>
        </message>
        <message numerus="yes">
            <source>Translating… %Ln tokens</source>
            <translation>
                <numerusform>正在翻译… %Ln 个词元</numerusform>
            </translation>
        </message>
        <message>
            <source>Translated.</source>
            <translation>翻译完成。</translation>
        </message>
        <message numerus="yes">
            <source>%n checks to look at below.</source>
            <translation>
                <numerusform>下方有 %n 项检查需要查看。</numerusform>
            </translation>
        </message>
        <message>
            <source>All checks passed.</source>
            <translation>所有检查均已通过。</translation>
        </message>
        <message>
            <source>Saved to {path}.</source>
            <translation>已保存到 {path}。</translation>
        </message>
        <message>
            <source>No translations yet</source>
            <translation>还没有翻译记录</translation>
        </message>
        <message>
            <source>(empty)</source>
            <translation>（空）</translation>
        </message>
    </context>
    <context>
        <name>TranslationRun</name>
        <message>
            <source>There is nothing to translate yet.</source>
            <translation>还没有要翻译的内容。</translation>
        </message>
        <message>
            <source>The source language could not be detected; choose it from the list.</source>
            <translation>无法检测源语言；请从列表中选择。</translation>
        </message>
        <message>
            <source>The source and target languages are the same.</source>
            <translation>源语言和目标语言相同。</translation>
        </message>
        <message>
            <source>Going on from paragraph {number}…</source>
            <translation>从第 {number} 段继续…</translation>
        </message>
        <message>
            <source>The model is reading the picture…</source>
            <translation>模型正在读图…</translation>
        </message>
        <message>
            <source>The picture is put away; the text it replaced is back.</source>
            <translation>图片已收起；被它替换的文字已恢复。</translation>
        </message>
        <message>
            <source>{rate} tokens/s</source>
            <translation>{rate} 词元/秒</translation>
        </message>
        <message>
            <source>Stopped; the translation so far is kept.</source>
            <translation>已停止；已保留目前的译文。</translation>
        </message>
        <message>
            <source>Translated from the picture.</source>
            <translation>已根据图片翻译。</translation>
        </message>
        <message>
            <source>The picture is still beside the text; Translate an image… tries again.</source>
            <translation>图片仍在文字旁边；用“翻译图片…”可以再试一次。</translation>
        </message>
        <message>
            <source>The source text is unchanged; Resume tries again from this paragraph.</source>
            <translation>源文本没有改动；点“继续”会从这一段重试。</translation>
        </message>
    </context>
    <context>
        <name>TranslationTools</name>
        <message>
            <source>Load a model</source>
            <translation>加载模型</translation>
        </message>
        <message>
            <source>Alternatives…</source>
            <translation>其他译法…</translation>
        </message>
        <message>
            <source>Other ways to translate the sentence selected in the source text</source>
            <translation>源文本中选中句子的其他译法</translation>
        </message>
        <message>
            <source>History</source>
            <translation>历史</translation>
        </message>
        <message>
            <source>Open…</source>
            <translation>打开…</translation>
        </message>
        <message>
            <source>Open a .txt or .md file to translate…</source>
            <translation>打开要翻译的 .txt 或 .md 文件…</translation>
        </message>
        <message>
            <source>Save…</source>
            <translation>保存…</translation>
        </message>
        <message>
            <source>Save the translation as a .txt or .md file</source>
            <translation>把译文保存为 .txt 或 .md 文件</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy the whole translation</source>
            <translation>复制全部译文</translation>
        </message>
        <message>
            <source>The translation appears here once a model is loaded: Models on the left, or File → Open model file.</source>
            <translation>加载模型后，译文会显示在这里：左侧的“模型”，或“文件 → 打开模型文件”。</translation>
        </message>
        <message>
            <source>The translation appears here, paragraph by paragraph.</source>
            <translation>译文会逐段显示在这里。</translation>
        </message>
    </context>
    <context>
        <name>Units</name>
        <message>
            <source>{s} s</source>
            <translation>{s} 秒</translation>
        </message>
        <message>
            <source>{m} min {s} s</source>
            <translation>{m} 分 {s} 秒</translation>
        </message>
        <message>
            <source>{h} h {m} min</source>
            <translation>{h} 小时 {m} 分</translation>
        </message>
    </context>
    <context>
        <name>VerdictBadge</name>
        <message>
            <source>Memory: {verdict}</source>
            <translation>内存：{verdict}</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <source>Welcome to {app}</source>
            <translation>欢迎使用 {app}</translation>
        </message>
        <message>
            <source>{app} runs a language model on this computer. Nothing you type leaves it. Pick a model that fits, and you can chat in a few minutes.</source>
            <translation>{app} 在这台电脑上运行语言模型。你输入的任何内容都不会离开它。选一个装得下的模型，几分钟后就能开始聊天。</translation>
        </message>
        <message>
            <source>Offline mode is on, so nothing is downloaded. Open a GGUF model file you already have, or turn offline mode off in Settings.</source>
            <translation>离线模式已开启，不会下载任何内容。请打开你已有的 GGUF 模型文件，或在设置中关闭离线模式。</translation>
        </message>
        <message>
            <source>Open a model file…</source>
            <translation>打开模型文件…</translation>
        </message>
        <message>
            <source>Recommended models</source>
            <translation>推荐的模型</translation>
        </message>
        <message>
            <source>Download and start chatting</source>
            <translation>下载并开始聊天</translation>
        </message>
        <message>
            <source>I have a GGUF file…</source>
            <translation>我已有 GGUF 文件…</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>跳过</translation>
        </message>
        <message>
            <source>Help › Welcome brings this back</source>
            <translation>可通过“帮助 › 欢迎向导”再次打开</translation>
        </message>
        <message>
            <source>Memory: {total}, {free} free now.</source>
            <translation>内存：{total}，当前空闲 {free}。</translation>
        </message>
        <message>
            <source>Looking for a graphics card…</source>
            <translation>正在查找显卡…</translation>
        </message>
        <message>
            <source>Graphics card: {gpu}, {free} free; models run on it.</source>
            <translation>显卡：{gpu}，空闲 {free}；模型将在显卡上运行。</translation>
        </message>
        <message>
            <source>Graphics card: {gpu}, which this build of llama.cpp cannot use; models run on the processor.</source>
            <translation>显卡：{gpu}，但这个版本的 llama.cpp 无法使用它；模型将在处理器上运行。</translation>
        </message>
        <message>
            <source>No graphics card that llama.cpp can use; models run on the processor.</source>
            <translation>没有 llama.cpp 可用的显卡；模型将在处理器上运行。</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>这台电脑</translation>
        </message>
        <message>
            <source>{model} · {size} · {verdict}
{note}</source>
            <translation>{model} · {size} · {verdict}
{note}</translation>
        </message>
        <message>
            <source>Download progress</source>
            <translation>下载进度</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Download from ModelScope (魔搭)</source>
            <translation>从魔搭下载</translation>
        </message>
        <message>
            <source>Continue in the background</source>
            <translation>在后台继续</translation>
        </message>
        <message>
            <source>The download goes on under Models › Downloads; the model is then in Installed.</source>
            <translation>下载会在“模型 › 下载”中继续；完成后模型出现在“已安装”中。</translation>
        </message>
        <message>
            <source>Hearth could not reach the Hugging Face Hub, but ModelScope (魔搭) has {repo}. Download it from there? (Settings › Model sources can change this later.)</source>
            <translation>Hearth 无法连接 Hugging Face Hub，但魔搭上有 {repo}。要从魔搭下载吗？（之后可在“设置 › 模型来源”中更改。）</translation>
        </message>
        <message>
            <source>{file} is no longer in {repo}. Choose another model, or find one under Models.</source>
            <translation>{repo} 中已没有 {file}。请另选一个模型，或在“模型”中查找。</translation>
        </message>
        <message>
            <source>Getting {model} ready…</source>
            <translation>正在准备 {model}…</translation>
        </message>
        <message>
            <source>Asking the Hub for the file and its checksum…</source>
            <translation>正在向 Hub 查询文件及其校验和…</translation>
        </message>
        <message>
            <source>Downloading {model}</source>
            <translation>正在下载 {model}</translation>
        </message>
        <message>
            <source>Loading {model}…</source>
            <translation>正在加载 {model}…</translation>
        </message>
        <message>
            <source>Downloaded and verified. The chat opens as soon as the model is loaded.</source>
            <translation>已下载并校验。模型加载完成后就会打开聊天。</translation>
        </message>
    </context>
    <context>
        <name>WelcomePage</name>
        <message>
            <source>Find and download a model…</source>
            <translation>查找并下载模型…</translation>
        </message>
        <message>
            <source>Open a GGUF file…</source>
            <translation>打开 GGUF 文件…</translation>
        </message>
        <message>
            <source>Welcome to {app}</source>
            <translation>欢迎使用 {app}</translation>
        </message>
        <message>
            <source>{app} runs a language model on this computer. Nothing you type leaves it.</source>
            <translation>{app} 在这台电脑上运行语言模型。你输入的任何内容都不会离开它。</translation>
        </message>
        <message>
            <source>Pick a model below, or find one on the Hugging Face Hub: {app} downloads it, checks it, and tells you whether it fits this computer's memory. A &lt;b&gt;Q4_K_M&lt;/b&gt; file is a good balance of size and quality.</source>
            <translation>在下方选一个模型，或在 Hugging Face Hub 上找一个：{app} 会下载它、校验它，并告诉你它是否装得进这台电脑的内存。&lt;b&gt;Q4_K_M&lt;/b&gt; 文件在大小和质量之间取得了很好的平衡。</translation>
        </message>
        <message>
            <source>Loading the model…</source>
            <translation>正在加载模型…</translation>
        </message>
        <message>
            <source>Installed models</source>
            <translation>已安装的模型</translation>
        </message>
        <message>
            <source>Recently opened files</source>
            <translation>最近打开的文件</translation>
        </message>
        <message>
            <source>Good first models for this computer</source>
            <translation>适合这台电脑的入门模型</translation>
        </message>
        <message>
            <source>about {size} GB · {uses}</source>
            <translation>约 {size} GB · {uses}</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
    </context>
    <context>
        <name>WindowCommands</name>
        <message>
            <source>Conversation › {title}</source>
            <translation>对话 › {title}</translation>
        </message>
    </context>
    <context>
        <name>WindowMenus</name>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;New chat</source>
            <translation>新对话(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Open model file…</source>
            <translation>打开模型文件(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Documents…</source>
            <translation>文档(&amp;D)…</translation>
        </message>
        <message>
            <source>&amp;Import chats…</source>
            <translation>导入对话(&amp;I)…</translation>
        </message>
        <message>
            <source>&amp;Export this chat…</source>
            <translation>导出此对话(&amp;E)…</translation>
        </message>
        <message>
            <source>Export &amp;all chats…</source>
            <translation>导出全部对话(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Back up all data…</source>
            <translation>备份全部数据(&amp;B)…</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Focus the text box</source>
            <translation>聚焦输入框(&amp;F)</translation>
        </message>
        <message>
            <source>Search &amp;chats…</source>
            <translation>搜索对话(&amp;C)…</translation>
        </message>
        <message>
            <source>Command &amp;palette…</source>
            <translation>命令面板(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Reply</source>
            <translation>回复(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Stop writing</source>
            <translation>停止写作(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Regenerate the last reply</source>
            <translation>重新生成最后一条回复(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Model</source>
            <translation>模型(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Find and download models…</source>
            <translation>查找并下载模型(&amp;F)…</translation>
        </message>
        <message>
            <source>&amp;Installed models</source>
            <translation>已安装的模型(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Recent models</source>
            <translation>最近使用的模型(&amp;R)</translation>
        </message>
        <message>
            <source>Models on s&amp;ervers</source>
            <translation>服务器上的模型(&amp;E)</translation>
        </message>
        <message>
            <source>Ser&amp;vers…</source>
            <translation>服务器(&amp;V)…</translation>
        </message>
        <message>
            <source>Model &amp;settings…</source>
            <translation>模型设置(&amp;S)…</translation>
        </message>
        <message>
            <source>Model for each &amp;task…</source>
            <translation>各任务使用的模型(&amp;T)…</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Welcome…</source>
            <translation>欢迎向导(&amp;W)…</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Hardware…</source>
            <translation>硬件(&amp;H)…</translation>
        </message>
        <message>
            <source>&amp;About {app}</source>
            <translation>关于 {app}(&amp;A)</translation>
        </message>
        <message>
            <source>{model} (file missing)</source>
            <translation>{model}（文件不存在）</translation>
        </message>
    </context>
    <context>
        <name>WordExport</name>
        <message>
            <source>Save the review as a Word document</source>
            <translation>把审阅另存为 Word 文档</translation>
        </message>
        <message>
            <source>Word document (*.docx)</source>
            <translation>Word 文档 (*.docx)</translation>
        </message>
        <message>
            <source>The draft changed since the review was made; run the action again to save its review.</source>
            <translation>审阅生成后草稿已改动；请重新运行该操作再保存审阅。</translation>
        </message>
        <message>
            <source>The review was not saved: {error}</source>
            <translation>审阅未保存：{error}</translation>
        </message>
        <message>
            <source>Saved the review to {file}: {count} tracked changes with their explanations.</source>
            <translation>审阅已保存到 {file}：{count} 处修订及其说明。</translation>
        </message>
        <message>
            <source>{count} that join or split paragraphs are not in it; apply them here.</source>
            <translation>另有 {count} 处合并或拆分段落的改动未写入，请在这里应用。</translation>
        </message>
    </context>
    <context>
        <name>WordReview</name>
        <message>
            <source>The document has changed since the review was made: its text is not the text that was reviewed.</source>
            <translation>审阅生成后文档已改动：其文本已不是审阅时的文本。</translation>
        </message>
        <message>
            <source>e.g. “{example}”</source>
            <translation>例如“{example}”</translation>
        </message>
    </context>
    <context>
        <name>WriteFailure</name>
        <message>
            <source>The disk is full. Free some space.</source>
            <translation>磁盘已满。请腾出一些空间。</translation>
        </message>
        <message>
            <source>The app's data cannot be written. Check the permissions of its folder and that the disk is not read-only.</source>
            <translation>无法写入应用的数据。请检查其文件夹的权限，并确认磁盘不是只读的。</translation>
        </message>
        <message>
            <source>Another program is using the app's data. Close it (or another copy of the app).</source>
            <translation>另一个程序正在使用应用的数据。请关闭它（或应用的另一个副本）。</translation>
        </message>
        <message>
            <source>The database reported: {error}.</source>
            <translation>数据库报告：{error}。</translation>
        </message>
        <message>
            <source>Saved again; nothing was lost.</source>
            <translation>已重新保存；没有丢失任何内容。</translation>
        </message>
        <message>
            <source>Not saved. {advice} Nothing is lost: your text stays here and is saved at the next change.</source>
            <translation>未能保存。{advice}没有丢失任何内容：你的文字仍在这里，下次改动时会再次保存。</translation>
        </message>
    </context>
</TS>