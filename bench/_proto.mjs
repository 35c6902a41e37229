import autocannon from 'autocannon';
const url = process.argv[2]; const rate = +process.argv[3]; const conns = +process.argv[4]; const inst = +(process.argv[5]||1);
const body = JSON.stringify({model:'sim-gpt',messages:[{role:'user',content:'hello'}]});
async function one(dur) {
  const lat = [];
  const ps = [];
  for (let i=0;i<inst;i++) {
    await new Promise(r=>setTimeout(r, i===0?0:1000/inst));
    const inst1 = autocannon({url, method:'POST', headers:{'content-type':'application/json',authorization:'Bearer x'}, body, connections: Math.max(1,conns/inst), overallRate: rate/inst, duration: dur, ignoreCoordinatedOmission:true});
    inst1.on('response', (c, s, b, t) => lat.push(t));
    ps.push(inst1);
  }
  const rs = await Promise.all(ps);
  lat.sort((a,b)=>a-b);
  const q = p => lat[Math.min(lat.length-1, Math.floor(p*lat.length))];
  console.log(`n=${lat.length} rps=${(lat.length/dur).toFixed(0)} p50=${q(0.5).toFixed(3)} p90=${q(0.9).toFixed(3)} p99=${q(0.99).toFixed(3)} max=${lat.at(-1).toFixed(2)} non2xx=${rs.reduce((a,r)=>a+r.non2xx,0)} err=${rs.reduce((a,r)=>a+r.errors,0)}`);
}
await one(3); await one(5);
