// The consumer's `mvn test` must have run the contract, not "0 tests".
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.adapter.MyRoomStoreTest.xml')
assert report.isFile() : "no test report: the contract did not run"
def suite = new groovy.xml.XmlSlurper().parse(report)
def tests = suite.@tests.toInteger()
assert tests >= 10 : "the contract ran ${tests} tests"
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0
println "consumer: ${tests} contract tests run and passed"
