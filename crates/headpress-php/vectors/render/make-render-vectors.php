<?php
// Mints vectors/render/*.json from WordPress 6.1's own formatting, shortcode and block code.
// Run through ../make-vectors.sh (or: php make-render-vectors.php OUT_DIR FIXTURE_SQL WP_DIR).
// No database: only the pure files are loaded, with the few stubs they call.

[$self, $out, $fixture, $wp] = $argv;
const JSON_FLAGS = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;
define('ABSPATH', "$wp/");
define('WPINC', 'wp-includes');
require "$wp/wp-includes/plugin.php";
require "$wp/wp-includes/functions.php";
require "$wp/wp-includes/formatting.php";
require "$wp/wp-includes/shortcodes.php";
require "$wp/wp-includes/class-wp-block-parser.php";
require "$wp/wp-includes/kses.php";
add_filter('pre_option_use_smilies', fn() => 1);
add_filter('pre_option_blog_charset', fn() => 'UTF-8');
foreach ([
    '_x' => fn($text) => $text, '__' => fn($text) => $text,
    'site_url' => fn() => 'http://127.0.0.1:8080',
    'includes_url' => fn($path = '') => 'http://127.0.0.1:8080/wp-includes/' . $path,
] as $name => $body) {
    if (!function_exists($name)) { $GLOBALS['stub_' . $name] = $body; eval("function $name(...\$a) { return \$GLOBALS['stub_$name'](...\$a); }"); }
}
// Core's shortcodes, registered in the order WordPress registers them (output not needed here).
foreach (['embed', 'wp_caption', 'caption', 'gallery', 'playlist', 'audio', 'video'] as $tag) {
    add_shortcode($tag, '__return_false');
}
smilies_init();

function write_json(string $path, $data): void {
    file_put_contents($path, json_encode($data, JSON_FLAGS) . "\n");
    fwrite(STDERR, "wrote $path\n");
}

// The fixture's post_content / post_title / post_excerpt values (see ../make-vectors.php).
function parse_tuple(string $tuple): array {
    $fields = []; $i = 0; $n = strlen($tuple);
    while ($i < $n) {
        if ($tuple[$i] === "'") {
            $value = ''; $i++;
            while ($tuple[$i] !== "'") {
                if ($tuple[$i] === '\\') {
                    $i++;
                    $value .= ['0' => "\0", 'n' => "\n", 'r' => "\r", 't' => "\t", 'Z' => "\x1a"][$tuple[$i]] ?? $tuple[$i];
                } else {
                    $value .= $tuple[$i];
                }
                $i++;
            }
            $fields[] = $value; $i++;
        } else {
            $end = strpos($tuple, ',', $i);
            if ($end === false) { $end = $n; }
            $raw = substr($tuple, $i, $end - $i);
            $fields[] = $raw === 'NULL' ? null : $raw;
            $i = $end;
        }
        if ($i < $n && $tuple[$i] === ',') { $i++; }
    }
    return $fields;
}
$fixture_texts = [];
foreach (file($fixture) as $line) {
    if (preg_match('/^INSERT INTO `wp_posts` VALUES \((.*)\);$/s', rtrim($line, "\n"), $m)) {
        $row = parse_tuple($m[1]);
        foreach ([4, 5, 6] as $col) {
            if ($row[$col] !== '' && !in_array($row[$col], $fixture_texts, true)) { $fixture_texts[] = $row[$col]; }
        }
    }
}

// Hand-picked cases for what each function special-cases.
$tricky = [
    "Hello world!", "It's \"quoted\" -- with a dash & an ampersand...", "'99 '99s '99's '9 '99% '999 '99.0",
    "He said 'hello' and \"goodbye\".", "5'10\" tall, 9\" nails, \"quoted 42\"", "'0.42' \"42\"", "9x9 0x9999 2x4x8",
    "foo -- bar --- baz - qux xn--domain a--b", "(tm) thing (tm) ``quote'' ", "'tain't 'twas 'cause rock 'n' roll",
    "<pre>It's \"raw\" -- here</pre> It's <code>x--y</code> and <kbd>'a'</kbd>", "<pre>a\n<pre>b\n</pre>c\n</pre>\nd 'e'",
    "<script>var a = 'b' -- c;</script> d 'e'", "<style>a:before{content:'--'}</style>\n\nx", "<!-- a 'comment' -- -->\n'text'",
    "<p title=\"a & b\">c & d &amp; e &#038; &#x26; &nbsp;</p>", "[caption id=\"x\" width=\"10\"]It's 'cap'[/caption] 'out'",
    "[[caption]] [code]'x'[/code] [unknown attr='v']'y'[/unknown]", "<a href=\"x\">'link'</a> \"<b>bold</b>\"",
    "Line one\nLine two\n\nPara two\r\n\r\nPara three", "<div>block</div>\ntext\n<div>\n\ninner\n</div>",
    "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nafter", "<blockquote>quote\n\nmore</blockquote>", "a<br>b<br/>c<br />\n\nd",
    "<table><tr><td>x</td></tr></table>", "<select><option>a</option>\n<option>b</option></select>",
    "<object><param name=\"a\">\n<embed src=\"x\"></object>", "[video src=\"a.mp4\"]\n<source src=\"b\">\n[/video]",
    "<figure><img src=\"x\">\n<figcaption>\ncap\n</figcaption>\n</figure>", "<svg>\n<path/>\n</svg>\ntext\nmore",
    "<!--more-->\n\nafter more", "before<!--more Read on-->after", "page one<!--nextpage-->page two", "<hr>\ntext\n<hr />",
    "[gallery ids=\"1,2\"]\n\n[caption]x[/caption]\n\n[embed]http://x[/embed]", "<p>[gallery]</p>\n<p>  [video]x[/video]  </p>",
    "Wordpress wordpress (Wordpress) >Wordpress ‘Wordpress “Wordpress", ":) :-) ;) :mrgreen: a:)b (:) :D\n:P",
    "<code>:)</code> :) <pre>:-(</pre> :(", "3 < 4 && 5 > 2", "&nbsp;'quoted' &nbsp;\"x\"", "'", "\"", "--", "...", "",
    "<p>unclosed <b>bold", "<!--unclosed comment 'x'", "<![CDATA[ 'x' ]]> 'y'", "a<b 'c' d", "[caption x]unclosed",
];
$inputs = array_merge($tricky, $fixture_texts);

$texturize = []; $autop = []; $chars = []; $smilies = []; $dangit = []; $unautop = [];
foreach ($inputs as $input) {
    $texturize[] = ['input' => $input, 'output' => wptexturize($input)];
    $autop[] = ['input' => $input, 'output' => wpautop($input), 'output_no_br' => wpautop($input, false)];
    $chars[] = ['input' => $input, 'output' => convert_chars($input)];
    $smilies[] = ['input' => $input, 'output' => convert_smilies($input)];
    $dangit[] = ['input' => $input, 'output' => capital_P_dangit($input)];
    $unautop[] = ['input' => wpautop($input), 'output' => shortcode_unautop(wpautop($input))];
}
write_json("$out/wptexturize.json", $texturize);
write_json("$out/wpautop.json", $autop);
write_json("$out/convert_chars.json", $chars);
write_json("$out/convert_smilies.json", $smilies);
write_json("$out/capital_p_dangit.json", $dangit);
write_json("$out/shortcode_unautop.json", $unautop);

$trim = []; $strip = [];
foreach ($inputs as $input) {
    $trim[] = ['input' => $input, 'output' => wp_trim_words($input, 55, ' [&hellip;]'), 'output_5' => wp_trim_words($input, 5, '...')];
    $strip[] = ['input' => $input, 'output' => strip_shortcodes($input)];
}
write_json("$out/wp_trim_words.json", $trim);
write_json("$out/strip_shortcodes.json", $strip);

// The block parser: block documents from the fixture plus malformed ones.
$block_docs = array_values(array_filter($fixture_texts, fn($t) => strpos($t, '<!-- wp:') !== false));
$block_docs = array_merge($block_docs, [
    '<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->', 'before<!-- wp:separator /-->after',
    '<!-- wp:group --><div><!-- wp:paragraph {"x":1} --><p>in</p><!-- /wp:paragraph --></div><!-- /wp:group -->',
    '<!-- wp:paragraph --><p>unclosed', '<p>x</p><!-- /wp:paragraph -->tail', '<!-- wp:my/block {"a":{"b":[1,2]}} /-->',
    '<!-- wp:p {bad json} --><p>x</p><!-- /wp:p -->', '<!-- wp:a --><!-- wp:b --><!-- /wp:a -->', '0',
    '<!-- wp:a -->0<!-- wp:b /-->0<!-- /wp:a -->', "<!--\twp:core/x\n{\"k\":\"}\"}\n/-->", '<!-- wp:Upper /-->',
]);
$parser = new WP_Block_Parser();
$blocks = [];
foreach ($block_docs as $doc) {
    $blocks[] = ['input' => $doc, 'output' => $parser->parse($doc)];
}
write_json("$out/parse_blocks.json", $blocks);
