<?php
// Mints vectors/render/dynamic_blocks.json: WordPress 6.1's own rendering of the dynamic blocks
// (core/latest-posts, latest-comments, categories, archives, search) over the reference site,
// whose database holds exactly the conformance fixture.
// Run through ../make-vectors.sh (or: php make-dynamic-block-vectors.php OUT_DIR WP_DIR).
//
// Every snippet is rendered in a PHP process of its own, as one REST request renders one
// post: the per-request counters (`wp_unique_id()` for search and archives dropdowns, the
// static `$block_id` of categories dropdowns) start from zero for each snippet, so the
// vectors need no normalisation of those ids.

const JSON_FLAGS = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;

$cases = [
    // core/latest-posts
    'latest-posts default' => '<!-- wp:latest-posts /-->',
    'latest-posts dates and authors' => '<!-- wp:latest-posts {"postsToShow":3,"displayPostDate":true,"displayAuthor":true} /-->',
    'latest-posts excerpt' => '<!-- wp:latest-posts {"postsToShow":12,"displayPostContent":true} /-->',
    'latest-posts short excerpt' => '<!-- wp:latest-posts {"postsToShow":4,"displayPostContent":true,"excerptLength":10} /-->',
    'latest-posts full content' => '<!-- wp:latest-posts {"postsToShow":3,"displayPostContent":true,"displayPostContentRadio":"full_post"} /-->',
    'latest-posts grid' => '<!-- wp:latest-posts {"postLayout":"grid","columns":2,"className":"my-posts","align":"wide"} /-->',
    'latest-posts columns without grid' => '<!-- wp:latest-posts {"columns":4,"postsToShow":2} /-->',
    'latest-posts by title ascending' => '<!-- wp:latest-posts {"postsToShow":4,"order":"asc","orderBy":"title"} /-->',
    'latest-posts oldest first' => '<!-- wp:latest-posts {"postsToShow":3,"order":"asc"} /-->',
    'latest-posts in categories' => '<!-- wp:latest-posts {"categories":[{"id":5},{"id":9}],"postsToShow":10} /-->',
    'latest-posts legacy category string' => '<!-- wp:latest-posts {"categories":"11","postsToShow":10} /-->',
    'latest-posts by author' => '<!-- wp:latest-posts {"selectedAuthor":3,"postsToShow":3,"displayAuthor":true} /-->',
    'latest-posts featured images' => '<!-- wp:latest-posts {"postsToShow":6,"displayFeaturedImage":true} /-->',
    'latest-posts featured images linked' => '<!-- wp:latest-posts {"postsToShow":6,"displayFeaturedImage":true,"featuredImageSizeSlug":"medium","featuredImageAlign":"left","featuredImageSizeWidth":100,"featuredImageSizeHeight":80,"addLinkToFeaturedImage":true} /-->',
    'latest-posts empty' => '<!-- wp:latest-posts {"categories":[{"id":99999}]} /-->',
    'latest-posts font size' => '<!-- wp:latest-posts {"postsToShow":1,"fontSize":"large"} /-->',
    // core/latest-comments
    'latest-comments default' => '<!-- wp:latest-comments /-->',
    'latest-comments plain' => '<!-- wp:latest-comments {"commentsToShow":8,"displayAvatar":false,"displayDate":false,"displayExcerpt":false} /-->',
    'latest-comments aligned' => '<!-- wp:latest-comments {"commentsToShow":3,"align":"wide","className":"recent"} /-->',
    // core/categories
    'categories default' => '<!-- wp:categories /-->',
    'categories counts and hierarchy' => '<!-- wp:categories {"showPostCounts":true,"showHierarchy":true} /-->',
    'categories top level' => '<!-- wp:categories {"showOnlyTopLevel":true,"showPostCounts":true} /-->',
    'categories with empty' => '<!-- wp:categories {"showEmpty":true,"showHierarchy":true} /-->',
    'categories dropdown' => '<!-- wp:categories {"displayAsDropdown":true} /-->',
    'categories dropdown hierarchy counts' => '<!-- wp:categories {"displayAsDropdown":true,"showHierarchy":true,"showPostCounts":true,"className":"cats","align":"right"} /-->',
    'categories two dropdowns' => '<!-- wp:categories {"displayAsDropdown":true} /--><!-- wp:categories {"displayAsDropdown":true,"showOnlyTopLevel":true} /-->',
    // core/archives
    'archives default' => '<!-- wp:archives /-->',
    'archives counts' => '<!-- wp:archives {"showPostCounts":true,"className":"arch","align":"left"} /-->',
    'archives yearly' => '<!-- wp:archives {"type":"yearly","showPostCounts":true} /-->',
    'archives daily' => '<!-- wp:archives {"type":"daily"} /-->',
    'archives dropdown' => '<!-- wp:archives {"displayAsDropdown":true} /-->',
    'archives dropdown yearly counts no label' => '<!-- wp:archives {"displayAsDropdown":true,"type":"yearly","showPostCounts":true,"showLabel":false} /-->',
    // core/search
    'search default' => '<!-- wp:search /-->',
    'search labelled' => '<!-- wp:search {"label":"Find","buttonText":"Go","placeholder":"Type here…"} /-->',
    'search hidden label' => '<!-- wp:search {"label":"Search","showLabel":false,"buttonText":"Search"} /-->',
    'search button inside icon' => '<!-- wp:search {"buttonPosition":"button-inside","buttonUseIcon":true} /-->',
    'search no button' => '<!-- wp:search {"buttonPosition":"no-button","buttonUseIcon":false} /-->',
    'search button only' => '<!-- wp:search {"buttonPosition":"button-only","width":50,"widthUnit":"%"} /-->',
    'search width' => '<!-- wp:search {"width":300,"widthUnit":"px","align":"center","className":"find"} /-->',
    'search twice with archives' => '<!-- wp:search /--><!-- wp:archives {"displayAsDropdown":true} /--><!-- wp:search {"buttonPosition":"button-inside"} /-->',
    'search after a paragraph' => '<!-- wp:paragraph --><p>Before</p><!-- /wp:paragraph --><!-- wp:search {"placeholder":"It\'s here"} /-->',
];

if (($argv[1] ?? '') === '--one') {
    // One snippet, in this process: what WordPress's do_blocks() and the_content make of it.
    $_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
    require $argv[3] . '/wp-load.php';
    $name = $argv[2];
    $block = $cases[$name];
    $do_blocks = do_blocks($block);
    // A fresh process for the_content as well, so its counters start from zero too: the
    // caller runs `--one-content` separately.
    echo json_encode(['name' => $name, 'block' => $block, 'do_blocks' => $do_blocks], JSON_FLAGS);
    exit;
}
if (($argv[1] ?? '') === '--one-content') {
    $_SERVER['HTTP_HOST'] = '127.0.0.1:8080';
    require $argv[3] . '/wp-load.php';
    echo json_encode(apply_filters('the_content', $cases[$argv[2]]), JSON_FLAGS);
    exit;
}

[$self, $out, $wp] = $argv;
$vectors = [];
foreach (array_keys($cases) as $name) {
    $run = fn(string $mode) => shell_exec(
        'php ' . escapeshellarg(__FILE__) . " $mode " . escapeshellarg($name) . ' ' . escapeshellarg($wp)
    );
    $vector = json_decode($run('--one'), true, 512, JSON_THROW_ON_ERROR);
    $vector['the_content'] = json_decode($run('--one-content'), true, 512, JSON_THROW_ON_ERROR);
    $vectors[] = $vector;
}
file_put_contents("$out/dynamic_blocks.json", json_encode($vectors, JSON_FLAGS) . "\n");
fwrite(STDERR, "wrote $out/dynamic_blocks.json\n");
