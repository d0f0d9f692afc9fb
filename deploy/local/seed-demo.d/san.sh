# Sourced by seed-demo.sh (functions api/field, $SEED_CUSTOMER, $SEED_PROJECT): two fabrics of the
# demo customer (Brocade and Cisco), the aliases of two ESXi hosts and a FlashSystem in each, and
# one zone per host and fabric in the demo project.

ids() { python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)[sys.argv[1]]))' "$1"; }

fab_a=$(api POST /api/san/fabrics/ "{\"customer\":$SEED_CUSTOMER,\"name\":\"FAB_A\",\"zoneset_name\":\"cfg_fab_a\",\"san_vendor\":\"BR\",\"domain_id\":1,\"exists\":true,\"notes\":\"Brocade G720 pair, site 1\"}" | field id)
fab_b=$(api POST /api/san/fabrics/ "{\"customer\":$SEED_CUSTOMER,\"name\":\"FAB_B\",\"zoneset_name\":\"zs_vsan20\",\"san_vendor\":\"CI\",\"vsan\":20,\"exists\":true,\"notes\":\"Cisco MDS 9706, VSAN 20\"}" | field id)

read -r a_esx1 a_esx2 a_n1 a_n2 < <(api POST /api/san/aliases/save/ "{\"project_id\":$SEED_PROJECT,\"aliases\":[
  {\"fabric\":$fab_a,\"name\":\"esx-prod-01_hba0\",\"wwpn\":\"10:00:00:90:fa:a1:00:01\",\"use\":\"init\",\"include_in_zoning\":true,\"create\":true},
  {\"fabric\":$fab_a,\"name\":\"esx-prod-02_hba0\",\"wwpn\":\"10:00:00:90:fa:a1:00:03\",\"use\":\"init\",\"include_in_zoning\":true,\"create\":true},
  {\"fabric\":$fab_a,\"name\":\"fs9500_n1_p1\",\"wwpn\":\"50:05:07:68:10:13:a1:b2\",\"use\":\"target\",\"include_in_zoning\":true,\"logged_in\":true},
  {\"fabric\":$fab_a,\"name\":\"fs9500_n2_p1\",\"wwpn\":\"50:05:07:68:10:23:a1:b2\",\"use\":\"target\",\"include_in_zoning\":true,\"logged_in\":true}]}" | ids aliases)
read -r b_esx1 b_esx2 b_n1 b_n2 < <(api POST /api/san/aliases/save/ "{\"project_id\":$SEED_PROJECT,\"aliases\":[
  {\"fabric\":$fab_b,\"name\":\"esx-prod-01_hba1\",\"wwpn\":\"10000090FAA10002\",\"use\":\"init\",\"cisco_alias\":\"device-alias\",\"include_in_zoning\":true,\"create\":true},
  {\"fabric\":$fab_b,\"name\":\"esx-prod-02_hba1\",\"wwpn\":\"10-00-00-90-fa-a1-00-04\",\"use\":\"init\",\"cisco_alias\":\"device-alias\",\"include_in_zoning\":true,\"create\":true},
  {\"fabric\":$fab_b,\"name\":\"fs9500_n1_p2\",\"wwpn\":\"50:05:07:68:10:14:a1:b2\",\"use\":\"target\",\"include_in_zoning\":true,\"logged_in\":true},
  {\"fabric\":$fab_b,\"name\":\"fs9500_n2_p2\",\"wwpn\":\"50:05:07:68:10:24:a1:b2\",\"use\":\"target\",\"include_in_zoning\":true,\"logged_in\":true}]}" | ids aliases)

api POST /api/san/zones/save/ "{\"project_id\":$SEED_PROJECT,\"zones\":[
  {\"fabric\":$fab_a,\"name\":\"z_esx-prod-01_fs9500\",\"zone_type\":\"standard\",\"create\":true,\"members\":[{\"alias\":$a_esx1},{\"alias\":$a_n1},{\"alias\":$a_n2}]},
  {\"fabric\":$fab_a,\"name\":\"z_esx-prod-02_fs9500\",\"zone_type\":\"standard\",\"create\":true,\"members\":[{\"alias\":$a_esx2},{\"alias\":$a_n1},{\"alias\":$a_n2}]},
  {\"fabric\":$fab_b,\"name\":\"z_esx-prod-01_fs9500\",\"zone_type\":\"smart\",\"create\":true,\"members\":[{\"alias\":$b_esx1},{\"alias\":$b_n1},{\"alias\":$b_n2}]},
  {\"fabric\":$fab_b,\"name\":\"z_esx-prod-02_fs9500\",\"zone_type\":\"smart\",\"create\":true,\"members\":[{\"alias\":$b_esx2},{\"alias\":$b_n1},{\"alias\":$b_n2}]}]}" >/dev/null
