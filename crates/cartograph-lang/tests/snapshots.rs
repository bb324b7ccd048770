#![allow(clippy::unwrap_used)]
//! Snapshots of what `parse` finds in a small, realistic file of each language: the file doc,
//! every symbol with its span, kind, parent, visibility, signature and doc, and the imports.
//! The sources are written here; the snapshots live in `tests/snapshots/`.

use cartograph_core::{Language, ParsedFile};
use std::fmt::Write;

/// One line per symbol, with its signature and doc below it: easy to review in a diff.
fn render(parsed: &ParsedFile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "doc: {:?}", parsed.doc);
    let _ = writeln!(out, "syntax_errors: {}", parsed.syntax_errors);
    let _ = writeln!(out, "symbols:");
    for symbol in &parsed.symbols {
        let parent = symbol
            .parent
            .as_deref()
            .map(|parent| format!("{parent} > "))
            .unwrap_or_default();
        let visibility = symbol
            .visibility
            .map(|visibility| format!(" ({visibility:?})").to_lowercase())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}-{} {} {parent}{}{visibility}",
            symbol.line,
            symbol.end_line,
            symbol.kind.as_str(),
            symbol.name
        );
        let _ = writeln!(out, "      sig: {}", symbol.signature);
        if let Some(doc) = &symbol.doc {
            let _ = writeln!(out, "      doc: {doc:?}");
        }
    }
    let _ = writeln!(out, "imports:");
    for import in &parsed.imports {
        let name = import
            .name
            .as_deref()
            .map(|name| format!(" import {name}"))
            .unwrap_or_default();
        let scope = import
            .scope
            .as_deref()
            .map(|scope| format!(" in {scope}"))
            .unwrap_or_default();
        let path = import
            .path_attribute
            .as_deref()
            .map(|path| format!(" #[path = {path}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {} {}{name}{scope}{path}",
            import.line,
            import.kind.as_str(),
            import.raw
        );
    }
    if !parsed.type_uses.is_empty() {
        let _ = writeln!(out, "type uses: {}", parsed.type_uses.join(", "));
    }
    out
}

fn check(language: Language, name: &str, source: &str) {
    let parsed = cartograph_lang::parse(language, source);
    insta::assert_snapshot!(name, render(&parsed));
}

#[test]
fn rust() {
    check(
        Language::Rust,
        "rust",
        r#"//! Walks a repository and yields the files to index.
//!
//! Reads nothing but metadata.

use std::io::{self, Read};
use crate::scan::walk as walk_tree;
use super::*;

mod filter;
pub mod stat;

/// How deep the walk goes.
pub const MAX_DEPTH: usize = 64;

/// A file found by the walk.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
}

// Not a doc comment.
pub(crate) enum Kind {
    File,
    Dir,
}

/** Something that can be walked. */
pub trait Walk {
    /// The next entry.
    fn next_entry(&mut self) -> Option<Entry>;
}

impl Entry {
    /// Makes an entry.
    pub fn new(path: &str) -> Entry {
        fn helper() {}
        let local = 1;
        Entry { path: path.to_string() }
    }

    fn private_helper(&self) {}
}

impl<T: Clone> From<T> for Entry {
    fn from(_: T) -> Entry {
        Entry::new("x")
    }
}

type Result<T> = std::result::Result<T, io::Error>;

/// Reads one entry.
// FIXME: make this async; rustdoc passes over this comment.
/// Blocks until one is there.
pub fn read_entry() -> Result<Entry> {
    todo!()
}

macro_rules! entry {
    ($path:expr) => {
        Entry::new($path)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_entries() {}
}
"#,
    );
}

#[test]
fn python() {
    check(
        Language::Python,
        "python",
        r#"#!/usr/bin/env python3
"""Fetches pages and caches them.

Used by the crawler.
"""

import os.path
import json as j
from . import util, models
from ..core.http import get
from typing import Optional

MAX_RETRIES = 3
_cache = {}


def fetch(url: str) -> bytes:
    """Fetches one page."""
    def inner():
        pass
    return get(url)


@dataclass(frozen=True)
class Page(Base):
    """A fetched page.

    Attributes:
        url: where it came from.
    """

    size = 0

    def __init__(self, url):
        self.url = url

    def _decode(self):
        # not a doc
        return self.body.decode()

    class Meta:
        pass


async def _refresh(pages):
    return [p for p in pages]
"#,
    );
}

#[test]
fn javascript() {
    check(
        Language::JavaScript,
        "javascript",
        r#"/* eslint-disable no-console */
/**
 * @file Routes HTTP requests to handlers.
 */

import express from "express";
import { render } from './render.js';
export { helper } from "./helpers";
const fs = require('fs');

/** The default port. */
export const PORT = 8080;
export let counter = 0;
const internal = 1;

// Handles one request.
// Returns a promise.
export async function handle(req, res) {
  const inner = () => 1;
  function nested() {}
  return import("./lazy.js");
}

export const route = (path) => {
  return path;
};

export default class Router extends Base {
  #routes = [];

  /** Adds a route. */
  add(path, handler) {
    this.#routes.push([path, handler]);
  }

  static create() {
    return new Router();
  }

  #match(path) {}

  onClick = () => {};
}

/** Yields ids. */
// eslint-disable-next-line require-yield
function* ids() {
  yield 1;
}
"#,
    );
}

#[test]
fn typescript() {
    check(
        Language::TypeScript,
        "typescript",
        r#"// Copyright 2024 Example Corp.
// SPDX-License-Identifier: MIT

/**
 * Typed client for the store API.
 */

import type { Item } from "./types";
import fs = require("fs");

/** Options of the client. */
export interface ClientOptions {
  baseUrl: string;
  /** Called on every retry. */
  onRetry(attempt: number): void;
}

export type Id = string | number;

export enum Status {
  Active,
  Archived,
}

@Injectable({
  providedIn: "root",
})
export class Client {
  private readonly cache = new Map<Id, Item>();
  protected retries = 3;

  constructor(private options: ClientOptions) {}

  /** Fetches one item. */
  public async get(id: Id): Promise<Item> {
    return this.fetch(`/items/${id}`);
  }

  private fetch(path: string): Promise<Item>;
  private fetch(path: string, init?: object): Promise<Item> {
    return fetch(path);
  }
}

export abstract class Base {
  abstract close(): void;
}

export namespace Internal {
  export function helper(): void {}
}

declare function legacy(x: number): string;

export function parse(text: string): Item;
export function parse(text: string, strict: boolean): Item;
export function parse(text: string, strict = false): Item {
  return JSON.parse(text);
}

export const toId = (value: unknown): Id => String(value);
"#,
    );
}

#[test]
fn tsx() {
    check(
        Language::Tsx,
        "tsx",
        r#"import React from "react";

/** Props of the button. */
type Props = { label: string };

/** A button. */
export function Button({ label }: Props) {
  return <button className="btn">{label}</button>;
}

export const Icon = () => <svg />;
"#,
    );
}

#[test]
fn go() {
    check(
        Language::Go,
        "go",
        r#"// Copyright 2024 The Authors.

// Package store keeps records on disk.
//
// It is safe for concurrent use.
package store

import (
	"errors"
	"fmt"
	bolt "go.etcd.io/bbolt"
	"github.com/acme/app/internal/codec"
)

// ErrNotFound is returned when a key is missing.
var ErrNotFound = errors.New("not found")

const (
	// DefaultBucket is used when none is given.
	DefaultBucket = "main"
	maxKeyLen     = 255
)

// Store is a handle on a database.
type Store struct {
	db *bolt.DB
}

type (
	// Codec turns values into bytes.
	Codec interface {
		Encode(v any) ([]byte, error)
	}
	key = string
)

// Open opens a store.
func Open(path string) (*Store, error) {
	helper := func() {}
	helper()
	return nil, fmt.Errorf("todo")
}

// Get reads one record.
func (s *Store) Get(k key) ([]byte, error) {
	return nil, ErrNotFound
}

func (s Stack[T]) push(v T) {}
"#,
    );
}

#[test]
fn java() {
    check(
        Language::Java,
        "java",
        r#"/*
 * Copyright 2024 Example.
 * Licensed under the Apache License, Version 2.0.
 */
package com.example.store;

import java.util.List;
import static org.junit.Assert.assertEquals;
import com.example.util.*;

/**
 * Keeps items in memory.
 *
 * @param <T> the item type
 */
@Deprecated
public class MemoryStore<T> implements Store<T> {
    public static final int DEFAULT_SIZE = 16;
    private final List<T> items;

    /** Makes an empty store. */
    public MemoryStore() {
        Runnable r = new Runnable() {
            public void run() {}
        };
    }

    // Adds one item.
    @Override
    public void add(T item) {
        items.add(item);
    }

    protected int size() { return items.size(); }

    void clear() {}

    private static class Node {}

    interface Listener {
        void changed();
    }

    enum Mode { FAST, SAFE; boolean isFast() { return this == FAST; } }

    record Pair(int a, int b) {}
}
"#,
    );
}

#[test]
fn c() {
    check(
        Language::C,
        "c",
        r#"/* SPDX-License-Identifier: MIT */
/* A tiny growable buffer. */

#include "buffer.h"
#include <stdlib.h>

#define BUFFER_MIN 16
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/** A growable byte buffer. */
typedef struct {
    char *data;
    size_t len;
} buffer_t;

struct node {
    struct node *next;
};

typedef struct node node_t;

/** A list with its length. */
typedef struct list {
    node_t *head;
    size_t len;
} list_t;

enum mode { MODE_FAST, MODE_SAFE };

static int grow(buffer_t *buffer, size_t need);

/*
 * Appends bytes, growing the buffer when needed.
 */
int buffer_append(buffer_t *buffer, const char *bytes, size_t n) {
    int local = 0;
    return grow(buffer, n);
}

// Grows the buffer.
static int grow(buffer_t *buffer, size_t need) {
    return 0;
}

char *buffer_take(buffer_t *buffer);
int (*hook)(void);
"#,
    );
}

#[test]
fn cpp() {
    check(
        Language::Cpp,
        "cpp",
        r#"// Geometry primitives.

#ifndef GEO_SHAPES_HPP
#define GEO_SHAPES_HPP
#define GEO_VERSION 3

#include "geometry/point.hpp"
#include <vector>

namespace geo {

/// A shape with an area.
class Shape {
public:
    virtual ~Shape() = default;
    /// The area.
    virtual double area() const = 0;
    int id() const { return id_; }
private:
    int id_;
};

/** Keeps points. */
template <typename T>
struct Polygon : public Shape {
    std::vector<T> points;
    double area() const override;
};

using Points = std::vector<Point>;

}  // namespace geo

// Computes the area.
template <typename T>
double geo::Polygon<T>::area() const {
    auto twice = [](double x) { return 2 * x; };
    return 0.0;
}

int main(int argc, char **argv) {
    return 0;
}

#endif
"#,
    );
}

#[test]
fn csharp() {
    check(
        Language::CSharp,
        "csharp",
        r#"// Copyright (c) Example. All rights reserved.

using System;
using System.Collections.Generic;
using static System.Math;
using Json = System.Text.Json.JsonSerializer;

namespace Example.Store;

/// <summary>
/// Keeps items in memory.
/// </summary>
[Serializable]
public class MemoryStore : IStore
{
    public const int DefaultSize = 16;

    /// <summary>Makes an empty store.</summary>
    public MemoryStore() { }

    void Clear()
    {
        void Local() { }
    }

    protected internal int Count() => 0;

    internal static string Name(int id) => id.ToString();
}

interface IStore
{
    void Clear();
}

public struct Point { }

public enum Mode { Fast, Safe }

public record Pair(int A, int B);

public delegate void Changed(object sender);
"#,
    );
}

#[test]
fn ruby() {
    check(
        Language::Ruby,
        "ruby",
        r#"#!/usr/bin/env ruby
# frozen_string_literal: true

# Sends mail through SMTP.
# Used by the notifier.

require "net/smtp"
require_relative "mailer/template"
require_relative "../config"

module Mailer
  VERSION = "1.0"

  # Delivers one message.
  class Delivery < Base
    DEFAULT_PORT = 25

    # Sends now.
    def deliver(message)
      helper = lambda { |x| x }
      send_mail(message)
    end

    def self.build(options)
      new(options)
    end

    private

    def send_mail(message); end
  end

  def self.configure
    yield self
  end
end

def top_level_helper
end
"#,
    );
}

#[test]
fn php() {
    check(
        Language::Php,
        "php",
        r#"<?php
/**
 * Users of the application.
 */

namespace App\Models;

use Illuminate\Database\Eloquent\Model;
use App\Contracts\{Auditable, Versioned as V};

require_once __DIR__ . '/helpers.php';
include 'config.php';

const TABLE = 'users';

/** Something with a name. */
interface Named
{
    public function name(): string;
}

trait HasEmail {}

/**
 * A user account.
 */
final class User extends Model implements Named
{
    const ROLE = 'user';

    private $password;

    /** The display name. */
    public function name(): string
    {
        $format = function ($x) { return $x; };
        return $this->first;
    }

    function legacy() {}

    protected static function boot(): void {}
}

function helper(): void {}
"#,
    );
}

#[test]
fn bash() {
    check(
        Language::Bash,
        "bash",
        r#"#!/usr/bin/env bash
# shellcheck disable=SC2034
# Deploys the application to a host.
# Usage: deploy.sh HOST

set -euo pipefail

source ./lib/common.sh
. "$(dirname "$0")/env.sh"

# Prints a message.
log() {
  echo "$@"
}

function deploy {
  local host="$1"
  inner() { :; }
  log "deploying to $host"
}

deploy "$1"
"#,
    );
}

#[test]
fn markdown() {
    check(
        Language::Markdown,
        "markdown",
        r#"# cartograph

[![CI](https://example.com/badge.svg)](https://example.com)

Turns a repository into documentation
that stays up to date.

## Install

```sh
# not a heading
cargo install cartograph
```

### From source

Clone it.

## Usage

Run `cartograph docs`.

Configuration
-------------

See below.
"#,
    );
}
