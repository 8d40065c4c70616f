"""Korean abuse lexicon: regular expressions over ``normalize()``d text, and innocent look-alikes.

Conventions in the patterns:

- ``W`` = start of a word (not preceded by a Hangul letter). Used where the same syllables occur
  inside ordinary words: 즉시발급, 도시발전, 질병신고, 아저씨 발.
- ``_`` = optional space between syllables (씨 발, 개 새끼, 병 신). Spaced forms are only allowed at
  the start of a word so that 아저씨 발이 아파요 stays clean.
- The whitelist removes innocent phrases before matching (시발점, 새끼발가락, 병신년생, 씨 발라 먹다).

Each pattern is listed with its category: ``profanity`` (swearing), ``insult`` (aimed at someone),
``threat``, ``sexual`` (remarks about the avatar's body, invitations).
"""

from __future__ import annotations

import re

W = r"(?<![가-힣])"
_ = r"\s?"
END = r"(?=\s|$)"

# 씨/시 + 발 family. 시- is only a swear at the start of a word and not before the 始發 compounds.
_SI_NOT_AFTER = r"(?!급|생|표|전|령|송|견|행|주|달|명|효|췌|사|육|굴|병|작|언|의|자|점|역|택|차|걸|음|광|포|휘|톱|가)"
_SSI_NOUNS = r"(?<!아저)(?<!아가)(?<!솜)(?<!글)(?<!날)(?<!마음)(?<!말)(?<!맵)(?<!수박)(?<!참외)(?<!호박)(?<!꽃)(?<!볍)(?<!홀)(?<!김)(?<!박)(?<!최)(?<!정)(?<!강)(?<!조)(?<!윤)(?<!장)(?<!임)(?<!한)(?<!오)"

PATTERNS: tuple[tuple[str, str], ...] = (
    # --- swearing -----------------------------------------------------------------------------
    ("profanity", _SSI_NOUNS + r"[씨쓰씌ㅆ]이?[발빨팔벌뻘ㅂ]" + _SI_NOT_AFTER),
    ("profanity", _SSI_NOUNS + r"[씨쓰ㅆ]이?바(?=\s|$|놈|년|새|럴|랄|알)"),
    ("profanity", W + r"[씨쓰씌ㅆ]\s[발빨팔벌뻘]" + _SI_NOT_AFTER),
    ("profanity", r"(?<![0-9])" + W + r"[시ㅅ]이?" + _ + r"[발빨팔벌뻘ㅂ]" + _SI_NOT_AFTER + r"(?!\s?(?:자동차|택시|버스|기차|점|역))"),
    ("profanity", W + r"[시씨]" + _ + r"(?:부랄|부럴|바럴|바랄|발럼|발롬|바놈|바새)"),
    ("profanity", r"[씨쓰]부럴|씨불|니미럴|니미랄|니기미|니미\s?[씨시]|" + W + r"니미(?=\s|$)|개[씨시]발|개씹"),
    ("profanity", r"ㅅㅂ|ㅆㅂ|ㅆ발|ㅅ발|씨ㅂ|시ㅂ|" + W + r"[씨ㅆ]8(?![0-9])"),
    ("profanity", r"좆|ㅈ같|ㅈ까|좃같|좃까|졷같|조까(?=\s|$|라|고)"),
    ("profanity", W + r"존" + _ + r"[나니내](?![가-힣])|" + W + r"존나|ㅈㄴ"),
    ("profanity", r"지랄(?!탄|병)|지럴|ㅈㄹ"),
    ("profanity", r"염병(?=하|할|떨|\s?떨|\s?떠|\s?같|\s*$)"),
    ("profanity", r"엠창|앰창|느금|니애미|니애비|니엄마\s?(?:없|뒤)|느그\s?(?:애미|애비)|ㄴㄱㅁ"),
    ("profanity", r"(?:애미|애비)\s?(?:없|뒤|뒈)|" + W + r"(?:느그|니|너네|너희)\s?(?:엄마|애미|아빠|애비|어미|부모)\s?(?:없|뒤|뒈)"),
    ("profanity", W + r"썅|쌍\s?(?:놈|년|것|노무)"),
    ("profanity", W + r"엿\s?(?:이나\s?)?먹(?:어라|으라고|어\s*$|어\s(?:이|임마|인마|새끼))|엿이나\s?먹"),
    ("profanity", r"(?<![ㄱ-ㅎㅏ-ㅣ])ㅗ+(?![ㄱ-ㅎㅏ-ㅣ가-힣])"),
    # --- insults ------------------------------------------------------------------------------
    ("insult", W + r"(?:개)?[병븅빙]" + _ + r"[신씬ㅅ](?![고청경체장분규용문발호선속설약원앙])"),
    ("insult", W + r"(?:개)?[병븅빙]딱|ㅂㅅ|ㅄ|ㅂ신"),
    ("insult", r"개(?:새|세|쌔|섀|색|쌕|쉐)\s?(?:끼|꺄|캬|ㄲ)|개(?:새|세|쌔|섀|색|쌕|쉐)(?:기|키|히)|개[시씨](?:끼|키)|" + W + r"개\s(?:새|쌔|색)\s?(?:끼|기|꺄)"),
    ("insult", r"새끼(?:야|들아|ㅑ)|" + W + r"(?:이|저|그|이런|저런|미친|씹|십|호로|쌍|염병할|썩을)\s?새끼"
     r"(?!\s?(?:고양이|강아지|손가락|발가락|줄|돼지|곰|오리|를|가\s?태어|들이\s?태어))"),
    ("insult", r"(?:씹|십)" + _ + r"(?:새|쌔|놈|년아|할|창|탱|색|팔놈)|씹세|18" + _ + r"(?:새끼|놈|년아)"),
    ("insult", r"미친" + _ + r"(?:놈|넘|년|새끼|새기|개|자식|색|ㅅㄲ)|ㅁㅊ"),
    ("insult", r"또라이|똘아이|" + W + r"등신(?!대|불)|저능아|찐따|" + W + r"호로(?:새끼|자식|놈|새)|개호로|후레\s?(?:자식|아들|새끼)"),
    ("insult", W + r"개(?:소리|수작|지랄|쓰레기|돼지|놈|년)(?!가\s|가$)|" + W + r"개\s?쓰레기|인간\s?쓰레기|" + W + r"개같"),
    ("insult", r"닥쳐(?!\s?(?:오|온|올|왔|와|서))|닥치(?:라|시라|세요)|입\s?닥|ㄷㅊ"),
    ("insult", r"(?<![이가]\s)(?<![이가])꺼져(?:\s?(?:라|버려|버리라고))?(?=\s*$|\s(?:이|저|새끼|병신|씨발|당장|임마|인마|야|좀))"
     r"|꺼지라고|꺼지라니까|꺼지세요|ㄲㅈ"),
    ("insult", W + r"(?:개|엿)\s?같은\s?(?:년|놈|새끼|소리|새|게|것)|" + W + r"엿\s?같|쓰레기\s?같은\s?(?:놈|년|새끼|인간|자식)"),
    ("insult", r"(?:싸가지\s?없는|멍청한|나쁜|더러운|못된|썩을|망할|빌어먹을|재수\s?없는|한심한)\s?(?:새끼|놈|년|자식|새기)"
     r"|싸가지\s?(?:없|바가지)|(?:돌|닭|새)대가리"),
    # --- threats ------------------------------------------------------------------------------
    ("threat", r"뒤질래|뒤져라|뒈져|뒈질|죽여\s?버(?:리|린|릴|려)|죽일\s?(?:놈|년|새끼)|대가리\s?(?:깨|박살|터|부숴|날려)"),
    # smashing or burning a place down, said as a threat ("구청 가서 다 때려 부순다")
    ("threat", r"때려\s?(?:부순|부술|부숴|뿌사|뽀사)|(?:다|확)\s?부숴\s?버(?:린|릴|리)|불\s?(?:질러|싸질러)\s?버(?:린|릴|리)"
     r"|가만\s?안\s?(?:둔다|둘\s?거|놔둔다)"),
    # --- sexual remarks aimed at the avatar (a body, an invitation, undressing) ----------------------
    ("sexual", r"몸매\s?(?:가|는|도)?\s?(?:좋|죽이|끝내|예쁘|이쁘|섹시|쥑이)|(?:가슴|엉덩이|궁둥이|허벅지)\s?(?:이|가|좀|도)?\s?"
     r"(?:만지|만져|보여\s?(?:줘|주|봐|도)|빵빵|탱탱|섹시)|(?:나랑|내랑|나하고|내하고)\s?(?:한번\s?|같이\s?)?(?:자볼래|잘래|잘까|자자|자러\s?가)"
     r"|(?:옷|치마|바지)\s?(?:좀|을|를)?\s?벗어\s?(?:봐|줘|보|라|바)|(?:뽀뽀|키스)\s?(?:한번\s?)?(?:해\s?(?:줘|주|봐|도)|하자|할래)"),
)

#: Innocent phrases containing the same syllables; removed (replaced by a space) before matching.
WHITELIST: tuple[str, ...] = (
    r"시발\s?(?:점|역|택시|자동차|버스|기차)",
    r"새끼\s?(?:발가락|손가락|줄)",
    r"병신년(?=생|에|도|은|는|\s?새해|\s?(?:이었|이에요|입니다|출생))",
    r"씨\s?발라(?=\s?(?:먹|내|낸|냈|서|야|요|주|놓|드|진))",
    r"씨\s?발아(?=\s?(?:가|를|율|시키|시켜|안\s?돼|잘|가\s?안))",
    r"씨\s?파종",
    r"십팔번",
    r"지랄탄",
)

COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = tuple((cat, re.compile(p)) for cat, p in PATTERNS)
WHITELIST_RE = re.compile("|".join(f"(?:{w})" for w in WHITELIST))
