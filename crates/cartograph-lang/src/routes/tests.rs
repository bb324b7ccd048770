#![allow(clippy::unwrap_used)]
//! Each language's route forms, and the calls that look like them and are no route: HTTP
//! clients, lookups, requests made by tests.

use crate::parse;
use cartograph_core::Language;

/// The routes `source` registers, as `METHOD path line handler`.
fn routes(language: Language, source: &str) -> Vec<String> {
    parse(language, source)
        .routes
        .iter()
        .map(|route| {
            format!(
                "{} {} {} {}",
                route.method,
                route.path,
                route.line,
                route.handler.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn python_decorators_register_routes_on_the_function_they_decorate() {
    let source = r#"from flask import Flask
app = Flask(__name__)

@app.route("/")
def index():
    return "hi"

@app.route("/users", methods=["GET", "post"])
@login_required
def users():
    pass

@bp.get("/items/<int:id>")
async def item(id):
    pass

@router.post(path="/login")
def login():
    pass

@get("/health")
def health() -> str:
    return "ok"

@route("/api/v1/analyze", method="POST")
def analyze():
    pass

def create_app():
    app = Flask(__name__)

    @app.delete("/items/<id>")
    def remove(id):
        pass

class Api:
    @app.put("/things")
    def put(self):
        pass
"#;
    assert_eq!(
        routes(Language::Python, source),
        [
            "GET / 4 index",
            "GET, POST /users 8 users",
            "GET /items/<int:id> 13 item",
            "POST /login 17 login",
            "GET /health 21 health",
            "POST /api/v1/analyze 25 analyze",
            "DELETE /items/<id> 32 remove",
            "PUT /things 37 put",
        ]
    );
}

/// Django's `urlpatterns`: `path` and `re_path` entries are routes of any method under `/`;
/// `include` mounts another table; a list of another name holds no route.
#[test]
fn django_url_patterns_are_routes() {
    let source = r#"from django.urls import include, path, re_path
from . import views

urlpatterns = [
    path("articles/<int:year>/", views.year_archive, name="year"),
    re_path(r"^about/$", views.AboutView.as_view()),
    path("polls/", include("polls.urls")),
    path("", views.index),
]
urlpatterns += [path("extra/", views.extra)]
others = [path("not/", views.no)]
"#;
    assert_eq!(
        routes(Language::Python, source),
        [
            "ANY /articles/<int:year>/ 5 views.year_archive",
            "ANY /about/ 6 views.AboutView.as_view()",
            "ANY / 8 views.index",
            "ANY /extra/ 10 views.extra",
        ]
    );
}

/// Flask's blueprint and FastAPI's router add their prefix to the paths of their routes.
#[test]
fn python_router_prefixes_are_part_of_the_path() {
    let source = r#"from flask import Blueprint
from fastapi import APIRouter
bp = Blueprint("auth", __name__, url_prefix="/auth")
router = APIRouter(prefix="/items/", tags=["items"])
plain = Blueprint("plain", __name__)

@bp.route("/login", methods=["POST"])
def login():
    pass

@router.get("")
def list_items():
    pass

@router.get("/{item_id}")
def read_item(item_id):
    pass

@plain.get("/x")
def x():
    pass
"#;
    assert_eq!(
        routes(Language::Python, source),
        [
            "POST /auth/login 7 login",
            "GET /items 11 list_items",
            "GET /items/{item_id} 15 read_item",
            "GET /x 19 x",
        ]
    );
}

#[test]
fn python_calls_and_paths_not_written_out_are_no_routes() {
    let source = r#"import requests
requests.get("/users")
client.get("/users", follow_redirects=True)
cache.get("/users", None)
settings = {"/x": 1}.get("/x")

@app.get(PREFIX + "/x")
def computed():
    pass

@app.get(f"/{name}")
def formatted():
    pass

@app.get("relative")
def relative():
    pass

@pytest.mark.parametrize("path", ["/a", "/b"])
def test_paths(path):
    pass

@app.get("/class")
class NotAFunction:
    pass
"#;
    assert_eq!(routes(Language::Python, source), Vec::<String>::new());
}

#[test]
fn a_python_main_guard_makes_a_script_unless_it_only_runs_self_tests() {
    let guard = |source: &str| parse(Language::Python, source).script_guard;
    assert_eq!(
        guard("import sys\n\ndef main():\n    pass\n\nif __name__ == \"__main__\":\n    main()\n"),
        Some(6)
    );
    assert_eq!(
        guard("if '__main__' == __name__:\n    app.run(debug=True)\n"),
        Some(1)
    );
    assert_eq!(guard("if (__name__ == '__main__'):\n    run()\n"), Some(1));
    // A library module that tests itself is no program.
    assert_eq!(
        guard("def f():\n    pass\n\nif __name__ == \"__main__\":\n    import doctest\n    doctest.testmod()\n"),
        None
    );
    assert_eq!(
        guard("if __name__ == '__main__':\n    unittest.main()\n"),
        None
    );
    // Only the module's own top level is the script part.
    assert_eq!(
        guard("def f():\n    if __name__ == '__main__':\n        run()\n"),
        None
    );
    assert_eq!(guard("if __name__ == 'pkg.mod':\n    run()\n"), None);
    assert_eq!(guard("def main():\n    pass\n"), None);
    // Nowhere else.
    assert_eq!(
        parse(
            Language::JavaScript,
            "if (__name__ == '__main__') { main() }\n"
        )
        .script_guard,
        None
    );
}

/// walkdir's `compare/walk.py`: no guard, but its top level walks `sys.argv[1]`; a module
/// that reads `sys.argv` only inside a function, or a guarded script, is no such script.
#[test]
fn a_python_top_level_that_reads_the_command_line_is_a_script() {
    let body = |source: &str| parse(Language::Python, source).script_body;
    assert_eq!(
        body("import os\nimport sys\n\nfor path, dirs, files in os.walk(sys.argv[1]):\n    print(path)\n"),
        Some(4)
    );
    assert_eq!(
        body("import argparse\nparser = argparse.ArgumentParser()\nargs = parser.parse_args()\nrun(args)\n"),
        Some(3)
    );
    assert_eq!(
        body("import sys\n\ndef main():\n    return sys.argv\n"),
        None
    );
    assert_eq!(body("import sys\nARGS = sys.argv\n"), None);
    assert_eq!(
        body("import sys\n\nif __name__ == '__main__':\n    main(sys.argv)\n"),
        None
    );
}

#[test]
fn javascript_servers_register_routes_with_handlers() {
    let source = r#"const express = require('express');
const app = express();
const api = express.Router();

app.get('/', (req, res) => res.send('hi'));
api.post(`/users`, auth, users.create);
app.use('/api', api);
app.all('/any', function (req, res) {});
app.route('/book').get(listBooks).post(addBook);
router.get('user', '/users/:id', show);
app.delete('/items/:id', asyncHandler(async (req, res) => {}));
fastify.route({ method: ['GET', 'head'], url: '/z', handler: getZ });
"#;
    let expected = [
        "GET / 5 -",
        "POST /users 6 users.create",
        "ANY /api 7 api",
        "ANY /any 8 -",
        "GET /book 9 listBooks",
        "POST /book 9 addBook",
        "GET /users/:id 10 show",
        "DELETE /items/:id 11 asyncHandler(…)",
        "GET, HEAD /z 12 getZ",
    ];
    assert_eq!(routes(Language::JavaScript, source), expected);
    assert_eq!(routes(Language::TypeScript, source), expected);
}

#[test]
fn javascript_clients_and_lookups_are_no_routes() {
    // No server framework imported: a name after the path is data, not a handler.
    let source = r#"import axios from 'axios';
axios.get('/users', config);
$.get('/users', function (data) {});
client.post('/users', (error, response) => {});
api.post('/users', body);
cache.get('/users', fallback);
this.http.get('/users', options);
fetch('/users');
params.get('/x');
app.get('/users');
app.get('users', handler);
app.get(path, handler);
app.get('/users', { schema });
"#;
    assert_eq!(routes(Language::JavaScript, source), Vec::<String>::new());
    assert_eq!(routes(Language::TypeScript, source), Vec::<String>::new());
    // A router or a server named so takes a handler by name.
    assert_eq!(
        routes(
            Language::TypeScript,
            "userRouter.get('/me', me);\nserver.put('/x', put);\n"
        ),
        ["GET /me 1 me", "PUT /x 2 put"]
    );
}

#[test]
fn go_routers_register_routes_under_their_prefixes() {
    let source = r#"package main

func main() {
	http.HandleFunc("/", index)
	http.Handle("GET /items/{id}", http.HandlerFunc(item))
	mux.Handle("/static/", &fileHandler{root: "."})
	r := chi.NewRouter()
	r.With(auth).Get(`/me`, func(w http.ResponseWriter, r *http.Request) {})
	r.Method("PATCH", "/patch", h)
	r.MethodFunc("LINK", "/link", link)
	r.Route("/articles", func(r chi.Router) {
		r.Post("/", createArticle)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", getArticle)
		})
	})
	r.Mount("/admin", adminRouter())
	g := gin.Default()
	v1 := g.Group("/v1")
	v1.POST("/login", handlers.Login)
	admin := v1.Group("/admin")
	admin.Any("/all", all)
	m.HandleFunc("/gorilla", gorilla).Methods("GET", "post")
	router.Handle("DELETE", "/things/:id", deleteThing)
}
"#;
    assert_eq!(
        routes(Language::Go, source),
        [
            "ANY / 4 index",
            "GET /items/{id} 5 http.HandlerFunc(item)",
            "ANY /static/ 6 &fileHandler{root: \".\"}",
            "GET /me 8 -",
            "PATCH /patch 9 h",
            "LINK /link 10 link",
            "POST /articles 12 createArticle",
            "GET /articles/{id} 14 getArticle",
            "ANY /admin 17 adminRouter()",
            "POST /v1/login 20 handlers.Login",
            "ANY /v1/admin/all 22 all",
            "GET, POST /gorilla 23 gorilla",
            "DELETE /things/:id 24 deleteThing",
        ]
    );
}

#[test]
fn go_clients_and_lookups_are_no_routes() {
    let source = r#"package main

func fetch() {
	resp, _ := http.Get("/users")
	http.Post("/users", "application/json", body)
	client.Get("/users", handler)
	cache.Get("/users", &value)
	values.Get("/users")
	req.Post("/users", body)
	r.Get("users", h)
	r.Get(path, h)
	r.Method("link", "/x", h)
}
"#;
    assert_eq!(routes(Language::Go, source), Vec::<String>::new());
}

#[test]
fn ruby_sinatra_blocks_and_rails_targets_are_routes() {
    let source = r#"require 'sinatra'

get '/' do
  'hi'
end

class App < Sinatra::Base
  post('/users') { create }
  delete "/users/:id" do
  end
end

Rails.application.routes.draw do
  get '/photos', to: 'photos#index'
  patch '/photos/:id', :to => 'photos#update'
end
"#;
    assert_eq!(
        routes(Language::Ruby, source),
        [
            "GET / 3 -",
            "POST /users 8 -",
            "DELETE /users/:id 9 -",
            "GET /photos 14 photos#index",
            "PATCH /photos/:id 15 photos#update",
        ]
    );
    // A request spec's `get`, a client's, an interpolated path.
    let spec = r#"it 'lists' do
  get '/users'
  client.get '/users' do |response| end
  get "/users/#{id}" do
  end
end
"#;
    assert_eq!(routes(Language::Ruby, spec), Vec::<String>::new());
}

#[test]
fn php_laravel_and_slim_routes() {
    let source = r#"<?php
use Illuminate\Support\Facades\Route;

Route::get('/users', [UserController::class, 'index']);
Route::post("users", function () { return 1; });
Route::match(['get', 'post'], '/form', 'FormController@handle');
\Illuminate\Support\Facades\Route::put('/x', InvokableController::class);
$app->get('/hello/{name}', function ($request, $response, $args) { return $response; });
"#;
    assert_eq!(
        routes(Language::Php, source),
        [
            "GET /users 4 UserController::index",
            "POST /users 5 -",
            "GET, POST /form 6 FormController@handle",
            "PUT /x 7 InvokableController",
            "GET /hello/{name} 8 -",
        ]
    );
    let clients = r#"<?php
$client->get('/users', ['query' => ['a' => 1]]);
$this->get('/users');
$this->get('/users', function () {});
$cache->get('/users', $default);
$response = $http->post('/users', $data);
Other::get('/users', fn () => 1);
"#;
    assert_eq!(routes(Language::Php, clients), Vec::<String>::new());
}

#[test]
fn a_file_without_routes_keeps_none() {
    for language in [Language::Python, Language::Go, Language::Rust] {
        assert!(parse(language, "x = 1\n").routes.is_empty());
    }
}
