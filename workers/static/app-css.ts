// The product's one stylesheet (no CDN): mobile-first, system fonts, WCAG 2.1 AA contrast.
export const APP_CSS = `
:root{--c-text:#1b1b1b;--c-muted:#505a5f;--c-bg:#fff;--c-brand:#8b0000;--c-link:#1d4f91;--c-focus:#ffbf47;
--c-error:#b10e1e;--c-border:#6f777b;--c-panel:#f3f2f1;--c-ok:#00703c;--radius:2px;--font:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
*{box-sizing:border-box}
html{font-family:var(--font);color:var(--c-text);background:var(--c-bg);line-height:1.6;font-size:17px}
body{margin:0}
/* Side padding only: main's own vertical padding must not be overridden by this (more specific) rule. */
.container{max-width:960px;margin:0 auto;padding-left:16px;padding-right:16px}
main{padding:24px 16px 48px}
main:focus{outline:none}
a{color:var(--c-link)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid var(--c-focus);outline-offset:0;box-shadow:inset 0 0 0 2px var(--c-text)}
.skip-link{position:absolute;left:-9999px}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
.skip-link:focus{left:8px;top:8px;background:var(--c-focus);color:var(--c-text);padding:8px;z-index:10}
.site-header{background:var(--c-brand);color:#fff}
header + main .panel-confirm,.panel-confirm{background:var(--c-ok)}
.header-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding:12px 16px}
.brand{color:#fff;font-weight:700;text-decoration:none;font-size:1.1rem}
.who{margin-right:8px}
.staff-nav{background:#5c0000}
.staff-nav ul{display:flex;flex-wrap:wrap;gap:4px 20px;list-style:none;margin:0;padding-top:6px;padding-bottom:6px}
.staff-nav a{color:#fff;font-weight:600}
.counters{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;list-style:none;padding:0}
.counters a{display:block;padding:12px;background:var(--c-panel);text-decoration:none;border-left:6px solid var(--c-link)}
.counters a.counter-warn{border-left-color:#b10e1e}
.counters strong{display:block;font-size:1.8rem;color:var(--c-text)}
.days-left{color:var(--c-muted);font-size:.9rem}
.site-footer{border-top:1px solid var(--c-border);color:var(--c-muted);padding:16px 0;font-size:.9rem}
h1{font-size:1.6rem;line-height:1.3;margin:0 0 16px}
h2{font-size:1.25rem;margin:24px 0 8px}
.hint{color:var(--c-muted)}
.form-group{margin-bottom:20px}
.form-group.has-error{border-left:4px solid var(--c-error);padding-left:12px}
label,legend{display:block;font-weight:600;margin-bottom:4px}
fieldset{border:0;padding:0;margin:0 0 20px}
.field-error{color:var(--c-error);font-weight:600;display:block;margin-bottom:4px}
input[type=text],input[type=url],input[type=password],input[type=email],input[type=tel],input[type=date],input[type=number],select,textarea{width:100%;max-width:32em;font:inherit;padding:6px 8px;border:2px solid var(--c-text);border-radius:0;background:#fff}
textarea{min-height:6em}
.has-error input,.has-error select,.has-error textarea{border-color:var(--c-error)}
.choice{display:flex;align-items:flex-start;gap:8px;margin:6px 0}
.choice[hidden]{display:none}
.choice input{width:24px;height:24px;margin:2px 0 0}
.choice label{font-weight:400}
.button{display:inline-block;font:inherit;font-weight:600;padding:8px 16px;border:0;border-radius:var(--radius);background:var(--c-ok);color:#fff;cursor:pointer;text-decoration:none;box-shadow:0 2px 0 #002d18}
.button-secondary{background:var(--c-panel);color:var(--c-text);box-shadow:0 2px 0 #929191}
.button-warning{background:var(--c-error);box-shadow:0 2px 0 #55150e}
.inline-form{display:inline-flex;align-items:center;gap:8px;margin:0}
.error-summary{border:4px solid var(--c-error);padding:16px;margin-bottom:24px}
.error-summary h2{margin-top:0}
.error-summary a{color:var(--c-error);font-weight:600}
.panel{background:var(--c-panel);padding:16px;margin:16px 0}
.panel-warn{border-left:8px solid #d4351c;background:#fff4f2}
.panel-warn p{margin:4px 0}
.qr svg{width:220px;height:220px;display:block}
.secret,.recovery-codes{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.1em;letter-spacing:.05em}
ul.plain{list-style:none;padding:0;margin:0 0 4px}
.panel-confirm{background:var(--c-ok);color:#fff;text-align:center;padding:24px}
.panel-confirm strong{display:block;font-size:1.6rem;letter-spacing:.05em}
table{border-collapse:collapse;width:100%;margin:12px 0}
th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:8px 8px 8px 0;vertical-align:top}
dl.summary{display:grid;grid-template-columns:1fr;gap:4px 16px}
dl.summary dt{font-weight:600}
dl.summary dd{margin:0 0 8px}
@media (min-width:640px){dl.summary{grid-template-columns:14em 1fr}}
dl.summary .summary-row{display:contents}
@media (min-width:640px){dl.summary-check{grid-template-columns:14em 1fr auto}}
dd.summary-change{text-align:right}
.counter{display:block;margin-top:4px}
.counter-over{color:var(--c-error);font-weight:600}
.resume-link{word-break:break-all}
.tag{display:inline-block;white-space:nowrap;padding:2px 8px;background:#1d70b8;color:#fff;font-size:.85rem}
.tag-warn{background:#b10e1e}
.tag-muted{background:#505a5f}
tr.row-warn td{background:#fff4f2}
body.embedded main{padding:8px}
.caption{display:block;color:var(--c-muted);margin-bottom:4px}
.optional{font-weight:400;color:var(--c-muted)}
.field-help{display:block;margin-bottom:4px}
.form-group > .hint{display:block;margin-bottom:4px}
.button-row{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-top:24px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.conditional{border-left:4px solid #b1b4b6;padding-left:12px;margin-bottom:12px}
.statement{font-size:.95rem}
.reference{font-family:ui-monospace,Menlo,Consolas,monospace}
.uploaded{margin:4px 0 8px}
ol.timeline{padding-left:1.2em}
ol.timeline li{margin-bottom:6px}
dl.summary + .button{margin-bottom:12px}
/* Task reporting: wide tables scroll inside the page; lists inside cells stay compact. */
.scroll{overflow-x:auto;max-width:100%}
table.ledger,table.import-preview,table.tasks{font-size:.92rem}
table.ledger th,table.ledger td{padding-right:12px;min-width:7em}
td.cell-overdue{background:#fff4f2}
.muted{color:var(--c-muted)}
.prewrap{white-space:pre-wrap}
ul.milestones,ul.units{list-style:none;padding:0;margin:4px 0}
.deadline-text{color:var(--c-muted);font-size:.9rem}
tr.row-error td{background:#fff4f2}
tr.row-warning td{background:#fffbea}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end}
.filters .form-group{margin-bottom:8px}
.filters select{width:auto}
.review{display:grid;gap:16px;grid-template-columns:1fr}
@media (min-width:640px){.review{grid-template-columns:1fr 1fr}}
.compound table td{padding-right:8px}
@media print{.site-header,.site-footer,.no-print{display:none}}
/* The printed receipt: reference and code in full black on white, whatever the screen colours. */
@media print{.panel-confirm{background:#fff !important;color:#000 !important;border:2px solid #000}.panel-confirm *,.receipt-codes .reference{color:#000 !important}}
/* The error page's trace id: for support, set apart and small so it is not taken for an application's reference. */
.error-trace{margin-top:48px;font-size:.875rem;color:var(--c-muted)}
/* Letters (告知书): an A4 sheet; printed alone with the GB/T 9704 margins. */
.letter{max-width:210mm;margin:16px auto;padding:37mm 26mm 35mm 28mm;background:#fff;box-shadow:0 0 0 1px #b1b4b6;font-family:"仿宋_GB2312","FangSong","仿宋","STFangsong",serif;font-size:16pt;line-height:28.95pt;color:#0b0c0c}
.letter-draft{background:repeating-linear-gradient(-45deg,#fff,#fff 40px,#f8f8f8 40px,#f8f8f8 80px)}
.letter-head{text-align:center}
.letter-agency,.letter-title{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","华文中宋","STZhongsong","宋体",serif;font-size:22pt;line-height:1.5;font-weight:400;margin:0}
.letter-number{margin:8pt 0 28.95pt}
.letter-addressee{margin:0}
.letter-p{text-indent:2em;margin:0;text-align:justify}
.letter-free{background:#fff7d6}
.letter-list{margin:0 0 0 2em;padding-left:1.2em}
.letter-sign{text-align:right;margin-top:28.95pt;padding-right:4em}
.letter-sign p{margin:0}
.letter-seal{color:#b10e1e}
.letter-contact{margin-top:28.95pt;font-size:14pt}
.letter-contact span{display:block}
@media (max-width:640px){.letter{padding:16px;font-size:13pt;line-height:1.8}.letter-agency,.letter-title{font-size:17pt}}
@page{size:A4;margin:37mm 26mm 35mm 28mm}
@media print{body.letter-page *{visibility:hidden}body.letter-page .letter,body.letter-page .letter *{visibility:visible}.letter{position:absolute;left:0;top:0;margin:0;padding:0;box-shadow:none;max-width:none;background:#fff}.letter-free{background:none}}
/* Annual report: the official tables, merged cells and all. */
.report-scroll{overflow-x:auto;margin-bottom:24px}
table.report{border-collapse:collapse;font-size:.9rem;min-width:640px}
table.report caption{font-size:1.25rem;font-weight:700;text-align:left;margin-bottom:8px}
table.report th,table.report td{border:1px solid #0b0c0c;padding:4px 6px;vertical-align:middle}
table.report thead th{text-align:center;background:#f3f2f1}
table.report td.num{text-align:center;min-width:3.5em}
ul.checks li.ok::before{content:"✓ ";color:#00703c}
ul.checks li.failed::before{content:"✗ ";color:#d4351c}
`
