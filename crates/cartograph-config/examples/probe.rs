use serde::Deserialize;
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct P { models: Option<Vec<String>>, max: Option<u32> }
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Ph { map: Option<P> }
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct R { phases: Option<Ph>, x: Option<f64> }
fn main() {
    for t in ["[phases.map]\nmodels=[]\nmax_tokens = 3\n", "x = 1\nfoo = 2\n", "[phases.map]\nmax = -1\n", "[phases.map]\nmax = \"a\"\n", "phases = 3", "[phases]\nmap = { max = 1, zz = 2 }\n", "x = nan\n[phases.map]\nmodels = [1]\n", "[phases.map]\nmodels=[]\n[phases.map]\n"] {
        match toml::from_str::<R>(t) {
            Ok(r) => println!("ok {r:?}"),
            Err(e) => println!("{:?} {:?} -> {:?}", e.message(), e.span(), e.span().map(|s| &t[s])),
        }
    }
}
