"""What counts as web boilerplate, each pattern named, with the reason it is not story text.

Patterns are matched against one paragraph (block) at a time. Whole-block patterns only
fire on short blocks, so a story paragraph that happens to contain a phrase like "share"
or "subscribe" is never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.text.tokens import UPPERCASE


@dataclass(frozen=True, slots=True)
class Pattern:
    rule: str
    reason: str
    regex: re.Pattern[str]
    max_words: int = 12
    """Whole-block patterns only fire on blocks of at most this many words."""


def _p(rule: str, reason: str, pattern: str, max_words: int = 12) -> Pattern:
    return Pattern(rule, reason, re.compile(pattern, re.IGNORECASE), max_words)


_AGENCIES = (
    r"Reuters|AP|AFP|EPA|Xinhua|Getty Images|Getty|Shutterstock|Bloomberg|Yonhap|TASS|"
    r"ANSA|dpa|Anadolu|Kyodo|PA|Alamy|iStock|TTXVN|VNA|THX|NurPhoto|SIPA|Zuma"
)
_CREDIT_LABEL = (
    r"(?:photo|image|picture|photograph|pic|video|credit|illustration|graphic|file photo|ảnh|hình|hình ảnh|"
    r"nguồn ảnh|ảnh minh họa|ảnh minh hoạ|clip)s?"
)

# Comment-form phrases; cut from the start or end of a paragraph, even glued to other text
# ("...are marked *The mayor (left)..."), never from inside a sentence. Matched with the
# capitals web pages use, so "residents were told to leave a reply slip" is left alone.
COMMENT_FORM_FRAGMENT = re.compile(
    r"\s*(?:Your email address will not be published\.?"
    r"|Required fields are marked\s*\*?"
    r"|Save my name, email, and website in this browser for the next time I comment\.?"
    r"|Notify me of (?:follow-up comments|new posts) by email\.?"
    r"|You must be logged in to post a comment\.?"
    r"|Leave a (?:Reply|Comment|reply|comment)(?:\s*Cancel reply)?"
    r"|Cancel reply)\s*"
)

# A trailing credit, "Photo: Reuters", "(Image: AFP / Getty)", "Photo credit: City Hall": it
# starts a sentence of its own and names its source with a capital.
TRAILING_CREDIT = re.compile(
    rf"""(?:^|(?<=[.!?"”)])\s+)\(?\s*(?i:{_CREDIT_LABEL}(?:\s+(?:credit|courtesy|by|source))?)\s*[:|/-]\s*"""
    rf"""[{UPPERCASE}©][^.!?:()]{{0,60}}?\s*\)?\.?\s*$"""
)
# A credit made of agency names only: "Reuters / Getty Images", "AFP via Getty Images".
AGENCY_CREDIT = re.compile(
    rf"^\(?\s*(?:©\s*)?(?:{_AGENCIES})(?:\s*(?:/|via|and|,)\s*(?:{_AGENCIES}))*\s*\)?\.?$",
    re.IGNORECASE,
)
# People placed in a photo: "(left)", "(L)", "(centre)", "pictured".
PHOTO_POSITION = re.compile(
    r"\((?:left|right|center|centre|l|r|c|front|back|top|bottom)\)|\bpictured\b", re.I
)
# A caption describes a picture; a paragraph that reports speech is story text.
REPORTING_VERB = re.compile(r"\b(?:said|says|told|tells|added|stated|announced|according to)\b", re.I)

BOILERPLATE_LINES: tuple[Pattern, ...] = (
    _p(
        "comment-form",
        "comment form of the web page",
        r"^(?:comments?|name|e-?mail|website|post comment|submit|reply|"
        r"add a comment|join the discussion|\d+\s+comments?|comments? \(\d+\))\s*\*?:?$",
    ),
    _p("photo-caption", "caption label, not story text", r"^(?:photo|image|video)\s+caption:?$"),
    _p("photo-caption", "photo credit line", rf"^{_CREDIT_LABEL}(?:\s+credit)?\s*[:|]\s*[^.!?]{{1,60}}$"),
    _p(
        "share",
        "share buttons of the web page",
        r"^(?:share(?: this| on| via| the| article| story)?(?:\s+\w+){0,3}\s*:?|tweet|print|e-?mail|"
        r"whatsapp|facebook|twitter|x|linkedin|pinterest|reddit|telegram|messenger|copy link|"
        r"click to (?:share|print|email)\b.*)$",
    ),
    _p(
        "share",
        "social network links",
        r"^(?:share(?: this(?: article| story| post| page)?| on| via)?\s*:?\s*)?"
        r"(?:(?:facebook|twitter|x|linkedin|pinterest|reddit|telegram|whatsapp|e-?mail|print|"
        r"messenger|copy link|tweet)[\s,|•·/]*){2,}$",
    ),
    _p(
        "subscribe",
        "newsletter or subscription prompt",
        r"^(?:(?:subscribe|sign up|register|join|get)\b.{0,80}\b(?:newsletters?|alerts|updates|"
        r"inbox|podcast|channel|briefing)\b.*"
        r"|(?:subscribe|sign up|register)(?: now| today| here| for free)?\s*[.!]?"
        r"|newsletter\s*:?|follow us\b.*|like us on\b.*|join us on\b.*|download (?:our|the) app\b.*)$",
        25,
    ),
    _p(
        "subscribe",
        "mailing-list prompt",
        r"^.{0,100}\b(?:join|sign up (?:for|to)|subscribe to|add you to)\s+(?:our|the|a)\s+"
        r"(?:mailing list|newsletter|e-?mail list)\b.*$",
        45,
    ),
    _p("link-prompt", "a prompt to click a link", r"^.{0,120}\bclick here\b.{0,60}$", 30),
    _p(
        "web-archive",
        "notice of a web archive, not of the story",
        r"^(?:these crawls are part of an effort to archive pages\b.*|"
        r"flowing in every day, these data are added to the wayback machine\b.*|"
        r".{0,200}\b(?:wayback machine|internet archive)\b.{0,200})$",
        160,
    ),
    _p(
        "platform-notice",
        "a message of the page's video player, social-media embed or browser check, not of the story",
        r"^(?:sorry|oops)?[,.!]?\s*(?:you need to (?:enable|turn on) javascript"
        r"|(?:please )?(?:enable|turn on) javascript|javascript is (?:disabled|required)"
        r"|your browser does not support|this (?:video|feature|content) is (?:not |un)available"
        r"|(?:this )?video (?:is )?unavailable|rating is available when the video"
        r"|the interactive transcript could not be loaded|you can add location information to your tweets"
        r"|when you tweet with a location, twitter)\b.{0,300}$",
        60,
    ),
    _p(
        "advertisement",
        "advertisement marker",
        r"^(?:advertisement|advertising|sponsored(?: content)?|ad|promoted|"
        r"story continues below(?: advertisement)?|continue reading below)$",
    ),
    _p(
        "navigation",
        "page navigation",
        r"^(?:skip to (?:main )?content|back to top|next article|previous article|"
        r"read more|see more|show more|load more|more\.{0,3}|loading\.{0,3}|home|menu|search)$",
    ),
    _p(
        "copyright",
        "copyright notice",
        r"^(?:(?:copyright\s*)?(?:©|\(c\))\s*.{0,100}|copyright\s+\d{4}\b.{0,100}|"
        r".{0,100}\ball rights reserved\.?)$",
        30,
    ),
    _p(
        "related",
        "link to another story",
        r"^(?:read (?:more|also|next)|also read|see also|related|watch|listen|more)\s*[:|]\s*.+$",
        25,
    ),
)

# The same kinds of boilerplate as Vietnamese news sites write them.
BOILERPLATE_LINES += (
    _p(
        "comment-form",
        "comment form of the web page",
        r"^(?:(?:(?:gửi|viết|xem|ẩn)\s+)?(?:bình luận|ý kiến(?: bạn đọc| của bạn)?)(?:\s*\(\d+\))?\s*:?"
        r"|\d+\s+(?:bình luận|ý kiến)|họ (?:và )?tên\s*\*?:?|nội dung bình luận\s*:?|gửi"
        r"|ý kiến của bạn sẽ được biên tập trước khi đăng\b.*)$",
        20,
    ),
    _p(
        "share",
        "share buttons of the web page",
        r"^(?:chia sẻ(?: bài viết| bài| lên| qua)?(?:\s+\w+){0,2}\s*:?|in bài(?: viết)?|lưu bài(?: viết)?|"
        r"gửi bài(?: viết)?|bản in|thích|zalo|(?:(?:facebook|zalo|twitter|email|e-mail)[\s,|•·/]*){2,})$",
    ),
    _p(
        "subscribe",
        "newsletter or subscription prompt",
        r"^(?:đăng ký|theo dõi|tải ứng dụng)\b.{0,80}\b(?:nhận tin|bản tin|kênh youtube|kênh zalo|fanpage|"
        r"ứng dụng|zalo|facebook|youtube|tiktok|google news)\b.{0,60}$",
        30,
    ),
    _p(
        "advertisement",
        "advertisement marker",
        r"^(?:quảng cáo|tài trợ|nội dung tài trợ|bài viết tài trợ)$",
    ),
    _p(
        "navigation",
        "page navigation",
        r"^(?:trang chủ|về đầu trang|lên đầu trang|xem tiếp|xem thêm|đọc tiếp|tiếp theo|bài tiếp theo|"
        r"bài trước|quay lại|trở lại|tìm kiếm|đang tải\.{0,3})$",
    ),
    _p(
        "copyright",
        "copyright notice",
        r"^(?:.{0,100}\bbản quyền thuộc về\b.{0,160}|.{0,120}\bghi rõ nguồn\b.{0,160}"
        r"|.{0,60}\bgiấy phép(?: hoạt động)?(?: báo chí)?(?: điện tử)? số\s*\d.{0,200})$",
        60,
    ),
    _p(
        "related",
        "link to another story",
        r"^(?:(?:>>\s*)?(?:xem thêm|đọc thêm|tin liên quan|bài liên quan)\s*(?::|>>|\|)|>>)\s*.+$",
        30,
    ),
    _p(
        "platform-notice",
        "a message of the page's video player or browser, not of the story",
        r"^(?:video đang được xem nhiều(?: nhất)?|video(?: nổi bật| hot)?|"
        r"trình duyệt của bạn không hỗ trợ\b.{0,200}|bạn cần bật javascript\b.{0,200})$",
        40,
    ),
)

RELATED_HEADING = re.compile(
    r"^(?:related(?: posts| articles| stories| news| content| coverage| links| reading)?|"
    r"read (?:more|also|next)|also read|see also|further reading|more (?:from|on|stories|news)\b.*|"
    r"you (?:may|might) (?:also )?(?:like|be interested in)|recommended(?: for you| stories)?|"
    r"most (?:read|popular|viewed)|trending(?: now| stories)?|latest (?:news|stories)|"
    r"popular (?:posts|stories)|top stories|editor'?s picks"
    # Vietnamese sites' headings of lists of other stories
    r"|tin liên quan|bài liên quan|tin cùng chuyên mục|tin khác|các tin khác|tin mới(?: nhất| hơn)?|"
    r"tin nổi bật|tin đọc nhiều|đọc nhiều nhất|xem nhiều nhất|tin tiêu điểm|có thể bạn quan tâm|"
    r"bạn có thể quan tâm|bạn nên biết|tin cũ hơn|tin mới cập nhật|cùng chuyên mục)\s*:?$",
    re.IGNORECASE,
)

# Names are capitalised words (or all capitals, as some sites print bylines); keywords may
# take any case. A byline has no closing full stop: "By Wednesday it was out." is a sentence.
_NAME = rf"[{UPPERCASE}][\w.'’-]*(?:\s+(?:[{UPPERCASE}][\w.'’-]*|de|van|von|da|al|bin))*"
# A date line names a date or a time right after its keyword: "Updated: 10:32",
# "Published Nov. 3, 2026", "Posted on Tuesday"; "Published figures show..." is a lead.
_WHEN = (
    r"(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"today|yesterday|an? (?:hour|minute|day)|last|this)\b|(?i:january|february|march|april|june|"
    r"july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b)"
)
# Vietnamese date lines: "Thứ 6, 11:03, 20/05/2016", "Thứ Hai, 19/5/2016 10:03 (GMT+7)",
# "Cập nhật: 10:32 20/05/2016", "Chủ nhật, 22/5/2016 - 08:15".
_VI_WHEN = (
    r"(?i:(?:thứ\s+(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ nhật)\s*,?\s*\d[\d/:.,\s–-]{3,40}(?:\(gmt\s*\+\s*7\))?"
    r"|(?:cập nhật|cập nhập|đăng lúc|ngày đăng|xuất bản)(?:\s+lúc|\s+ngày)?\s*:?\s*"
    r"(?:\d{1,2}[:h]\d\d|\d{1,2}/\d{1,2}/\d{2,4}).{0,50})"
)
LEADING_BYLINE = re.compile(
    rf"^(?:{_VI_WHEN}"
    rf"|(?i:by)\s+{_NAME}(?:\s*(?:,|and|&|\||-|–)\s*[^.]{{0,60}})?"
    rf"|(?i:published|updated|posted|last updated|first published)(?i:\s+on|\s+at)?\s*:?\s*{_WHEN}.{{0,60}}"
    rf"|{_NAME}\s*\|\s*.{{1,40}})$"
)
TRAILING_BYLINE = re.compile(
    r"^(?:.{2,60}\(\s*(?i:follow|according to|theo|source|via|from|with|by|reporting by)\b[^)]{1,60}\)\.?"
    r"|(?i:reporting|writing|editing|edited|written|compiled|additional reporting) (?i:by)\b.{1,150}"
    r"|(?i:source|sources|according to|theo|nguồn)\s*:\s*.{1,60}"
    # Vietnamese sources and authors: "(Theo TTXVN)", "Theo VnExpress", "Minh Anh (tổng hợp)",
    # "Diệu Hương/VOV-Trung tâm Tin", "PV"
    r"|\(\s*(?i:theo|nguồn)\s+[^()]{1,60}\)\.?"
    r"|(?i:theo|nguồn)\s+[^\s.,:;!?]+(?:\s+[^\s.,:;!?]+){0,3}"
    rf"|{_NAME}\s*(?:/\s*[\w .&-]{{1,40}}|\((?i:tổng hợp|t/h|lược dịch|dịch|theo [^)]{{1,40}})\))\.?"
    rf"|(?=(?:\S+\s+){{1,3}}\S+$)[{UPPERCASE}][\w'’-]*(?:\s+[{UPPERCASE}][\w'’-]*){{1,3}}"
    rf"|(?i:by)\s+{_NAME}"
    rf"|[-–—]\s*[{UPPERCASE}][\w.&'’ -]{{1,40}})$"
)
BYLINE_MAX_WORDS = 14

HEADLINE_MAX_WORDS = 25
# A first paragraph that ends like a sentence (a full stop, a question, a closing quote or
# bracket after one) is the story's lead, not its headline.
HEADLINE_END = re.compile(r"""(?:[.,;:…!?]["'”’)\]]*|["'”’)\]])\s*$""")

_CREDIT_REACH = 160
"""A trailing credit is short: only the end of a paragraph is searched for one."""


def trailing_credit(text: str) -> re.Match[str] | None:
    """The photo credit that ends ``text``, if one does."""
    return TRAILING_CREDIT.search(text, max(0, len(text) - _CREDIT_REACH))


def ends_like_sentence(text: str) -> bool:
    return HEADLINE_END.search(text, max(0, len(text) - 8)) is not None
