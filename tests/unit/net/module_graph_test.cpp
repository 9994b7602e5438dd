// The client's module graph as the server reads it from the sources: import forms,
// resolution of relative specifiers, and the modules an entry reaches.
#include "server/net/module_graph.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

using kl::net::import_specifiers;
using kl::net::reachable_modules;
using kl::net::resolve_specifier;
using Specifiers = std::vector<std::string>;

TEST(ModuleGraph, FindsEveryImportForm) {
    auto source = R"(// The page. import './commented.js' is not an import.
import { h, replace } from './core/dom.js';
import * as socket from "../core/socket.js";
import {
  a,
  b as c,
} from './multi-line.js';
import def, { x } from './default.js';
import './effects.js';
export { y } from './re-export.js';
export * from './all.js';
/* import './block-comment.js'; */
const lazy = () => import('./lazy.js');
const computed = import(name);
console.log(import.meta.url, reimport('./no.js'), obj.import('./no2.js'));
export function render() {}
export const from = 1;
)";
    EXPECT_EQ(import_specifiers(source),
              (Specifiers{"./core/dom.js", "../core/socket.js", "./multi-line.js", "./default.js", "./effects.js",
                          "./re-export.js", "./all.js"}))
        << "import('…') loads when the code runs: not in the static graph";
}

TEST(ModuleGraph, ResolvesLikeTheBrowser) {
    EXPECT_EQ(resolve_specifier("/js/main.js", "./core/dom.js"), "/js/core/dom.js");
    EXPECT_EQ(resolve_specifier("/js/pages/start.js", "../core/dom.js"), "/js/core/dom.js");
    EXPECT_EQ(resolve_specifier("/js/pages/start.js", "./../core/./dom.js?x#y"), "/js/core/dom.js");
    EXPECT_EQ(resolve_specifier("/js/main.js", "/js/other.js"), "/js/other.js");
    EXPECT_EQ(resolve_specifier("/js/main.js", "../../../x.js"), "") << "above the root";
    EXPECT_EQ(resolve_specifier("/js/main.js", "lodash"), "") << "a bare name";
    EXPECT_EQ(resolve_specifier("/js/main.js", "https://example.org/x.js"), "");
    EXPECT_EQ(resolve_specifier("/js/main.js", "//example.org/x.js"), "");
}

TEST(ModuleGraph, ReachesEveryModuleOnceBreadthFirst) {
    std::map<std::string, std::string> files = {
        {"/js/main.js", "import './a.js'; import './b.js';"},
        {"/js/a.js", "import './deep/c.js'; import './b.js';"},
        {"/js/b.js", "import './a.js';"},  // a cycle
        {"/js/deep/c.js", "import '../missing.js'; import '../b.js';"},
        {"/js/unused.js", ""},
    };
    auto source = [&](const std::string& path) -> const std::string* {
        auto found = files.find(path);
        return found == files.end() ? nullptr : &found->second;
    };
    EXPECT_EQ(reachable_modules({"/js/main.js"}, source), (Specifiers{"/js/main.js", "/js/a.js", "/js/b.js", "/js/deep/c.js"}));
}

}  // namespace
