// Reference Go import edges for a repository, from the standard library's own parser
// (go/parser, go/ast), independent of cartograph's resolver and of tree-sitter.
//
// The rule (issue 11): an import names a package directory; edges go to the package's files
// that declare the identifiers used.
//
//   - modules: every go.mod's `module` line (nested modules: the longest module path that
//     prefixes the import wins) and its `replace old => ./dir` directives; a `vendor/` directory
//     beside the importing module's go.mod comes first;
//   - a package's files: its directory's .go files, `_test.go` files excluded;
//   - each `alias.Name` selector in the importing file, alias being the import's explicit name or
//     else the package clause of the imported directory, goes to the file that declares `Name`
//     at top level (func without receiver, type, var, const);
//   - an import with no such name (blank, dot, unused, or names declared nowhere) goes to one
//     representative file: `<package>.go`, `<directory>.go`, `doc.go`, else the first by name.
//
// Prints one JSON object per line: {"from": path, "to": path}, unique, without self-edges.
// Usage: go run go_imports.go REPO_DIR
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type goFile struct {
	rel     string
	pkg     string
	names   map[string]bool
	imports []*ast.ImportSpec
	file    *ast.File
}

func main() {
	root, _ := filepath.Abs(os.Args[1])
	modules := map[string]string{} // module path → directory ("" for the root)
	moduleDirs := map[string]bool{}
	var replaces [][2]string
	var files []*goFile
	packages := map[string][]*goFile{} // directory → importable files
	fset := token.NewFileSet()
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		if info.IsDir() {
			if info.Name() == ".git" || info.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		dir := path.Dir(rel)
		if dir == "." {
			dir = ""
		}
		if info.Name() == "go.mod" {
			module, local := readGoMod(p)
			if module != "" {
				modules[module] = dir
				moduleDirs[dir] = true
			}
			for _, r := range local {
				replaces = append(replaces, [2]string{r[0], path.Clean(path.Join(dir, r[1]))})
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") {
			return nil
		}
		parsed, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if parsed == nil {
			return nil
		}
		f := &goFile{rel: rel, pkg: parsed.Name.Name, names: map[string]bool{}, imports: parsed.Imports, file: parsed}
		for _, decl := range parsed.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					f.names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						f.names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							f.names[n.Name] = true
						}
					}
				}
			}
		}
		files = append(files, f)
		if !strings.HasSuffix(rel, "_test.go") {
			packages[dir] = append(packages[dir], f)
		}
		return nil
	})
	for _, r := range replaces {
		if r[1] == "." {
			r[1] = ""
		}
		modules[r[0]] = r[1]
	}
	for _, fs := range packages {
		sort.Slice(fs, func(i, j int) bool { return fs[i].rel < fs[j].rel })
	}

	packageOf := func(from, importPath string) []*goFile {
		for dir := path.Dir(from); ; dir = path.Dir(dir) {
			if dir == "." {
				dir = ""
			}
			if moduleDirs[dir] {
				if fs, ok := packages[path.Join(dir, "vendor", importPath)]; ok {
					return fs
				}
				break
			}
			if dir == "" {
				break
			}
		}
		best := ""
		found := false
		for module := range modules {
			if (importPath == module || strings.HasPrefix(importPath, module+"/")) && (!found || len(module) > len(best)) {
				best, found = module, true
			}
		}
		if !found {
			return nil
		}
		dir := path.Join(modules[best], strings.TrimPrefix(importPath[len(best):], "/"))
		return packages[dir]
	}

	edges := map[[2]string]bool{}
	for _, f := range files {
		for _, spec := range f.imports {
			importPath, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue
			}
			target := packageOf(f.rel, importPath)
			if len(target) == 0 {
				continue
			}
			alias := target[0].pkg
			if spec.Name != nil {
				alias = spec.Name.Name
			}
			used := map[string]bool{}
			if alias != "_" && alias != "." {
				ast.Inspect(f.file, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && id.Name == alias {
							used[sel.Sel.Name] = true
						}
					}
					return true
				})
			}
			fallback := len(used) == 0
			for name := range used {
				declared := false
				for _, t := range target {
					if t.names[name] {
						edges[[2]string{f.rel, t.rel}] = true
						declared = true
						break
					}
				}
				if !declared {
					fallback = true
				}
			}
			if fallback {
				edges[[2]string{f.rel, representative(target).rel}] = true
			}
		}
	}
	var lines []string
	for e := range edges {
		if e[0] == e[1] {
			continue
		}
		line, _ := json.Marshal(map[string]string{"from": e[0], "to": e[1]})
		lines = append(lines, string(line))
	}
	sort.Strings(lines)
	for _, line := range lines {
		fmt.Println(line)
	}
}

func representative(fs []*goFile) *goFile {
	dir := path.Base(path.Dir(fs[0].rel))
	for _, name := range []string{fs[0].pkg + ".go", dir + ".go", "doc.go"} {
		for _, f := range fs {
			if path.Base(f.rel) == name {
				return f
			}
		}
	}
	return fs[0]
}

// readGoMod returns the module path and the replace directives whose target is a local
// directory (old path, directory relative to the go.mod).
func readGoMod(p string) (string, [][2]string) {
	handle, err := os.Open(p)
	if err != nil {
		return "", nil
	}
	defer handle.Close()
	module := ""
	var local [][2]string
	inBlock := false
	scanner := bufio.NewScanner(handle)
	for scanner.Scan() {
		line := scanner.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		directive := ""
		switch {
		case inBlock && line == ")":
			inBlock = false
			continue
		case inBlock:
			directive = line
		case strings.HasPrefix(line, "module ") || strings.HasPrefix(line, "module\t"):
			if module == "" {
				module = strings.Trim(strings.TrimSpace(line[len("module"):]), "\"")
			}
			continue
		case line == "replace (":
			inBlock = true
			continue
		case strings.HasPrefix(line, "replace "):
			directive = strings.TrimSpace(line[len("replace"):])
		default:
			continue
		}
		parts := strings.SplitN(directive, "=>", 2)
		if len(parts) != 2 {
			continue
		}
		old := strings.Fields(parts[0])
		target := strings.Fields(parts[1])
		if len(old) == 0 || len(target) != 1 {
			continue
		}
		if strings.HasPrefix(target[0], "./") || strings.HasPrefix(target[0], "../") {
			local = append(local, [2]string{old[0], target[0]})
		}
	}
	return module, local
}
